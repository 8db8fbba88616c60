"""verl's SandboxFusion client against `rlvr serve` /run_code, in our own words.

Follows verl/utils/reward_score/sandbox_fusion/utils.py at volcengine/verl commit
10f0796d68ffa3d3b65cdc1fc55b1766d1b3af45: call_sandbox_api posts {compile_timeout, run_timeout, code, stdin,
language, files: {}, fetch_files: []} with a timeout of compile_timeout + run_timeout + 10 s, retries only 504
(MAX_RETRIES 3, sleeping 1 s then 2 s) and gives up on any other HTTP error; _process_single_case turns the
answer into True / False / -1 (API or sandbox error) / -2 (runtime error) / -3 (timeout) / -4 (compile error);
check_correctness runs every case at once in a ThreadPoolExecutor of max(32, cpu_count * 5) workers.
(requests is replaced by urllib; the status handling is the same.)

Usage: python3 verl_client.py URL CASES TIMEOUT LANGUAGE   (code on stdin; prints {"results": [...], "statuses": [...]})
"""
import concurrent.futures
import json
import os
import sys
import time
import urllib.error
import urllib.request

URL, CASES, TIMEOUT, LANGUAGE = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
CODE = sys.stdin.read()
MAX_RETRIES, INITIAL_RETRY_DELAY, API_TIMEOUT = 3, 1, 10


def call_sandbox_api(code, stdin, compile_timeout, run_timeout, language):
    payload = json.dumps({"compile_timeout": compile_timeout, "run_timeout": run_timeout, "code": code, "stdin": stdin,
                          "language": language, "files": {}, "fetch_files": []}).encode()
    last_error = None
    for attempt in range(MAX_RETRIES):
        request = urllib.request.Request(URL, data=payload, headers={"Content-Type": "application/json", "Accept": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=compile_timeout + run_timeout + API_TIMEOUT) as response:
                return json.loads(response.read()), None
        except urllib.error.HTTPError as e:
            if e.code == 504:
                last_error = f"Gateway Timeout (504) on attempt {attempt + 1}"
                if attempt < MAX_RETRIES - 1:
                    time.sleep(INITIAL_RETRY_DELAY * (attempt + 1))
                continue
            last_error = f"API Request Error: {e.code}"
            break
        except Exception as e:
            last_error = f"API Request Error: {e}"
            break
    return None, last_error or "API Call Failed after retries"


def process_single_case(index, stdin, expected):
    response, error = call_sandbox_api(CODE, str(stdin), TIMEOUT, TIMEOUT, LANGUAGE)
    if error:
        return -1, "api_error"
    status = response.get("status")
    compile_result, run_result = response.get("compile_result"), response.get("run_result")
    if status == "SandboxError":
        return -1, "sandbox_error"
    if status == "Failed":
        if compile_result and (compile_result.get("status") in ("Error", "TimeLimitExceeded") or (compile_result.get("status") == "Finished" and compile_result.get("return_code") != 0)):
            return -4, "compile_error"
        if run_result:
            if run_result.get("status") == "TimeLimitExceeded":
                return -3, "timeout"
            if run_result.get("status") == "Error" or (run_result.get("status") == "Finished" and run_result.get("return_code") != 0):
                return -2, "runtime_error"
        return -1, "unknown_failure"
    if status == "Success":
        if run_result and run_result.get("status") == "Finished":
            actual = run_result.get("stdout") or ""
            return (True, "success") if str(actual).rstrip("\n") == str(expected).rstrip("\n") else (False, "wrong_answer")
        return -1, "unexpected_success_state"
    return -1, f"unknown_api_status_{status}"


inputs = [str(i) for i in range(CASES)]
expected = [str(2 * i) for i in range(CASES)]
results, statuses = [None] * CASES, [None] * CASES
with concurrent.futures.ThreadPoolExecutor(max_workers=max(32, (os.cpu_count() or 1) * 5)) as pool:
    futures = {pool.submit(process_single_case, i, inputs[i], expected[i]): i for i in range(CASES)}
    for future in concurrent.futures.as_completed(futures):
        results[futures[future]], statuses[futures[future]] = future.result()
print(json.dumps({"results": results, "statuses": statuses}))
