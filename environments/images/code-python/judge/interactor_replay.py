"""Interactor replay: re-runs a problem's interactor over the transcript recorded by the stdio runner, in a
sandbox where no candidate ever ran. The candidate's lines are fed back in order; every line the interactor sends
must equal the recorded one (else the transcript is not genuine and the test fails); the verdict is the
interactor's return value, True only.

Request: {"interactor": str, "cases": [{"id", "input", "transcript": [["c" | "j" | "x", line], ...]}]}
Output: {"results": {id: {"passed": bool, "error"?: str}}}
"""
import json
import signal
import sys


class Mismatch(BaseException):
    pass


def replay(interact, case):
    from_candidate = [line for kind, line in case["transcript"] if kind == "c"]
    to_candidate = [line for kind, line in case["transcript"] if kind == "j"]
    position = {"c": 0, "j": 0}

    def receive():
        if position["c"] >= len(from_candidate):
            return None
        position["c"] += 1
        return from_candidate[position["c"] - 1]

    def send(line):
        i = position["j"]
        if i >= len(to_candidate) or to_candidate[i] != str(line):
            raise Mismatch()
        position["j"] += 1

    return interact(case["input"], send, receive) is True


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    ns = {"__name__": "interactor"}
    exec(compile(request["interactor"], "interactor.py", "exec"), ns)
    results = {}
    signal.signal(signal.SIGALRM, signal.default_int_handler)
    for case in request["cases"]:
        signal.alarm(20)
        try:
            results[case["id"]] = {"passed": replay(ns["interact"], case)}
        except Mismatch:
            results[case["id"]] = {"passed": False, "error": "transcript does not match the interactor"}
        except BaseException as exc:
            results[case["id"]] = {"passed": False, "error": (type(exc).__name__ + ": " + str(exc))[:300]}
        finally:
            signal.alarm(0)
    sys.stdout.write(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
