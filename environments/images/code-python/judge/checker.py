"""Checker host: runs a problem's checker over the candidate's recorded outputs, after the candidate's processes
have ended, in its own sandbox execution (the candidate's container never sees the expected answers).

The checker is trusted problem code defining check(input: str, output: str, answer: str) -> bool.
Request: {"checker": str, "cases": [{"id", "input", "output", "answer"}]}
Output: {"results": {id: {"passed": bool, "error"?: str}}}
"""
import json
import signal
import sys


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    ns = {"__name__": "checker"}
    exec(compile(request["checker"], "checker.py", "exec"), ns)
    check = ns["check"]
    results = {}
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    for case in request["cases"]:
        signal.alarm(20)
        try:
            results[case["id"]] = {"passed": check(case["input"], case["output"], case["answer"]) is True}
        except BaseException as exc:
            results[case["id"]] = {"passed": False, "error": (type(exc).__name__ + ": " + str(exc))[:300]}
        finally:
            signal.alarm(0)
    sys.stdout.write(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
