"""Check-code replay: runs a task's non-equality check code against the candidate's recorded outputs.

Never loads candidate code: a stub stands in for the candidate and answers each call with the builtin value
recorded for those arguments (decoded afresh each time). A call with no recorded successful output fails the
check. Runs in its own sandbox execution after every candidate process has ended.

Request: {"reference": str, "tests": str, "style": "check" | "module", "entry_point": str, "seed": int,
          "outputs": [{"args": [tagged], "value": tagged}]}
Output: {"passed": bool, "error"?: str}
"""
import json
import os
import random
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rlvr_codec  # noqa: E402

sys.setrecursionlimit(10000)


class MissingOutput(BaseException):
    """Derives from BaseException so check code's `except Exception` cannot swallow it."""


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    outputs = {json.dumps(o["args"], sort_keys=True): o["value"] for o in request["outputs"]}
    failures = []

    def stub(*args, **kwargs):
        key = json.dumps(rlvr_codec.encode(list(args)), sort_keys=True)
        if kwargs or key not in outputs:
            failures.append("no recorded output for a call")
            raise MissingOutput()
        return rlvr_codec.decode(outputs[key])

    ns = {"__name__": "__main__"}
    exec(compile(request["reference"], "reference.py", "exec"), ns)
    entry = request["entry_point"]
    passed = False
    error = None
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(60)
    try:
        random.seed(int(request.get("seed", 0)))
        if request["style"] == "check":
            exec(compile(request["tests"], "tests.py", "exec"), ns)
            ns["check"](stub)
        else:
            ns[entry] = stub
            exec(compile(request["tests"], "tests.py", "exec"), ns)
        passed = not failures
    except BaseException as exc:
        error = type(exc).__name__ + ": " + str(exc)[:300]
    signal.alarm(0)
    result = {"passed": passed and not failures}
    if error or failures:
        result["error"] = error or failures[0]
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
