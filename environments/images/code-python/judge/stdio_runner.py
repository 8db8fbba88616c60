"""stdin/stdout runner. Reads one JSON request on stdin, writes JSON lines on stdout.

Each test runs the candidate program as a fresh process with the test's input on stdin; its stdout is read up
to a cap and returned (base64) with the facts (exit code, signal, timeout, cap hit). Expected outputs never come
here: the SDK compares. The runner is not dumpable, so the candidate cannot reach its descriptors or memory.

Interactive problems: with "interactor" (trusted Python defining interact(input, send, receive)), the runner hosts
the interactor in its own non-dumpable process and connects it to the candidate by pipes; the test input (the
judge's secret) stays in this process. It reports only the transcript; the SDK replays it in another sandbox.

Request: {"language": "python" | "dotnet", "code"?: str, "assembly"?: base64, "runtime_config"?: str, "interactor"?: str,
          "tests": [{"id": str, "input": str, "output_limit": int}], "time_limit": seconds}
"""
import base64
import json
import os
import select
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


class _Ended(BaseException):
    """The candidate closed its output, timed out or flooded: the interaction is over."""


def interact_test(argv, cwd, test, time_limit, interactor):
    """Runs the trusted interactor in this (non-dumpable) process, talking to the candidate over pipes. Only the
    transcript is reported: the verdict is computed by replaying it in another sandbox."""
    start = time.monotonic()
    deadline = start + time_limit
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=cwd, start_new_session=True, close_fds=True)
    except OSError as exc:
        return {"status": "spawn_failed", "error": str(exc)[:200]}
    cap = int(test.get("output_limit", 1 << 20))
    transcript = []
    state = {"buffer": b"", "total": 0, "end": None}
    fd = proc.stdout.fileno()

    def send(line):
        transcript.append(["j", str(line)])
        try:
            proc.stdin.write((str(line) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def receive():
        while b"\n" not in state["buffer"]:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                state["end"] = "timeout"
                raise _Ended()
            ready, _, _ = select.select([fd], [], [], min(remaining, 0.05))
            if not ready:
                continue
            data = os.read(fd, 65536)
            if not data:
                if state["buffer"]:
                    break
                state["end"] = "eof"
                return None
            state["total"] += len(data)
            if state["total"] > cap:
                state["end"] = "output_limit"
                raise _Ended()
            state["buffer"] += data
        line, _, rest = state["buffer"].partition(b"\n")
        state["buffer"] = rest
        text = line.decode("utf-8", "replace").rstrip("\r")
        transcript.append(["c", text])
        return text

    ns = {"__name__": "interactor"}
    exec(compile(interactor, "interactor.py", "exec"), ns)
    try:
        ns["interact"](test["input"], send, receive)
    except _Ended:
        pass
    except Exception as exc:  # the interactor choked on the candidate's messages: the replay decides
        transcript.append(["x", type(exc).__name__])
    try:
        proc.stdin.close()
    except OSError:
        pass
    if state["end"] not in ("timeout", "output_limit"):
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    rlvr_proc.kill_group(proc.pid)
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass
    proc.stdout.close()
    status = {"timeout": "timeout", "output_limit": "output_limit"}.get(state["end"], "interacted")
    return {"status": status, "transcript": transcript, "ms": int((time.monotonic() - start) * 1000),
            "exit": proc.returncode}


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
    interactor = request.get("interactor")
    solution_files = [os.path.join(workdir, name) for name in os.listdir(workdir)]
    for test in request["tests"]:
        rlvr_proc.scrub(keep=solution_files)
        if interactor:
            record = interact_test(argv, workdir, test, time_limit, interactor)
        else:
            record = run_test(argv, workdir, test, time_limit)
        record["id"] = test["id"]
        out.write(json.dumps(record) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
