"""stdin/stdout runner. Reads one JSON request on stdin, writes JSON lines on stdout.

Each test runs the candidate program as a fresh process with the test's input on stdin; its stdout is read up
to a cap and returned (base64) with the facts (exit code, signal, timeout, cap hit). Expected outputs never come
here: the SDK compares. The runner is not dumpable, so the candidate cannot reach its descriptors or memory.

Request: {"language": "python" | "dotnet", "code"?: str, "assembly"?: base64, "runtime_config"?: str,
          "tests": [{"id": str, "input": str, "output_limit": int}], "time_limit": seconds}
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rlvr_proc  # noqa: E402


def _feed(pipe, data):
    try:
        pipe.write(data)
    except (BrokenPipeError, OSError):
        pass
    finally:
        try:
            pipe.close()
        except OSError:
            pass


def run_test(argv, cwd, test, time_limit):
    start = time.monotonic()
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=cwd, start_new_session=True, close_fds=True)
    except OSError as exc:
        return {"status": "spawn_failed", "error": str(exc)[:200]}
    feeder = threading.Thread(target=_feed, args=(proc.stdin, test["input"].encode("utf-8")), daemon=True)
    feeder.start()
    cap = int(test.get("output_limit", 1 << 20))
    deadline = start + time_limit
    data, eof, over, timed_out = rlvr_proc.read_capped(proc.stdout.fileno(), cap, deadline, proc.pid)
    if not (timed_out or over):
        # The output ended; let the process exit by itself until the deadline, so a SIGKILL seen later is not ours.
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
    rlvr_proc.kill_group(proc.pid)
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass
    proc.stdout.close()
    status = proc.returncode
    record = {"ms": int((time.monotonic() - start) * 1000), "stdout": base64.b64encode(data[:cap]).decode("ascii")}
    if over:
        record["status"] = "output_limit"
    elif timed_out:
        record["status"] = "timeout"
    elif status is None:
        record["status"] = "crash"
    elif status < 0:
        record.update(status="crash", signal=-status)
    elif status != 0:
        record.update(status="exit", exit=status)
    else:
        record.update(status="exited", exit=0)
    return record


def main():
    rlvr_proc.make_undumpable()
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    workdir = tempfile.mkdtemp(prefix="sol-", dir="/tmp")
    if request.get("language") == "dotnet":
        with open(os.path.join(workdir, "solution.dll"), "wb") as f:
            f.write(base64.b64decode(request["assembly"]))
        with open(os.path.join(workdir, "solution.runtimeconfig.json"), "w") as f:
            f.write(request["runtime_config"])
        argv = ["dotnet", os.path.join(workdir, "solution.dll")]
    else:
        with open(os.path.join(workdir, "solution.py"), "w") as f:
            f.write(request["code"])
        argv = ["python3", "-I", os.path.join(workdir, "solution.py")]
    time_limit = float(request.get("time_limit", 5.0))
    out = sys.stdout
    out.write(json.dumps({"runner": "stdio", "tests": len(request["tests"])}) + "\n")
    out.flush()
    for test in request["tests"]:
        record = run_test(argv, workdir, test, time_limit)
        record["id"] = test["id"]
        out.write(json.dumps(record) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
