"""Function-task runner. Reads one JSON request on stdin, writes JSON lines on stdout.

The parent never imports or executes candidate code. Each test runs in a forked child that closes every
inherited descriptor except its own result pipe, points stdio at /dev/null, loads the candidate as a fresh
module, calls the entry point and writes its tagged return value to the pipe. The parent is not dumpable, so a
candidate cannot ptrace it or open its descriptors through /proc; it validates each child's bytes and reports
them. Expected values never come here: the SDK compares.

Request: {"code": str, "entry_point": str, "setup"?: str, "memory_limit"?: bytes of address space per test,
          "tests": [{"id": str, "args": [tagged]} | {"id": str, "args_src": [python expression]}],
          "time_limit": seconds per test, "result_limit": bytes per result,
          "budget"?: seconds for the whole run, "stop_on_failure"?: bool}
Output lines: {"runner": "function", "tests": n}, then one {"id", "status", "value"?, "error"?, "exit"?, "signal"?,
"ms"} per test, then {"done": true}.

The verifier owns the run's time: once "budget" seconds are spent, the tests not yet run are reported with status
"budget" (charged as failed, never run); each test's limit is also cut to what is left. With "stop_on_failure"
(all-or-nothing rewards), the first test that does not return a value ends the run: the others are reported as
"skipped", since the verdict is already certain.
"""
import json
import os
import resource
import struct
import sys
import time
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rlvr_codec  # noqa: E402
import rlvr_proc  # noqa: E402

_exit = os._exit
_write = os.write
_dumps = json.dumps
_kill = os.kill
_getpid = os.getpid


def _child(fd, code, entry, test, setup, memory_limit):
    result = {"status": "error", "error": "no result"}
    try:
        if memory_limit:
            # Large allocations fail with MemoryError (reported as memory_limit) instead of waking the OOM killer.
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        args = rlvr_codec.decode(test["args"]) if "args" in test else None
        module = types.ModuleType("solution")
        module.__file__ = "solution.py"
        sys.modules["solution"] = module
        exec(compile(code, "solution.py", "exec"), module.__dict__)
        if args is None:
            # Fixtures (MBPP's trees) are built in a copy of the module's namespace: they can use the classes the
            # candidate defines, but the candidate's globals never hold them, so it cannot recognise a test input
            # by comparing identities with a fixture it can see.
            fixtures = dict(module.__dict__)
            if setup:
                exec(compile(setup, "setup.py", "exec"), fixtures)
            args = [eval(compile(src, "<args>", "eval"), fixtures) for src in test["args_src"]]
            del fixtures
        fn = module.__dict__.get(entry)
        if not callable(fn):
            result = {"status": "no_function", "error": "entry point %r not defined" % entry}
        else:
            value = fn(*args)
            result = {"status": "ok", "value": rlvr_codec.encode(value)}
    except rlvr_codec.Refused as exc:
        result = {"status": "refused", "error": str(exc)[:200]}
    except BaseException as exc:  # SystemExit, KeyboardInterrupt, SkipTest... are failures like any other
        try:
            name = type.__getattribute__(type(exc), "__name__")
            result = {"status": "error", "error": (str(name) + ": " + str(exc))[:300]}
        except BaseException:
            result = {"status": "error", "error": "unprintable exception"}
    try:
        data = _dumps(result).encode("utf-8")
    except BaseException:
        data = b'{"status": "refused", "error": "unserialisable"}'
    try:
        frame = struct.pack(">I", len(data)) + data
        while frame:
            n = _write(fd, frame)
            frame = frame[n:]
    finally:
        _exit(0)
        _kill(_getpid(), 9)


def _run_one(code, entry, test, time_limit, result_limit, setup, memory_limit):
    start = time.monotonic()
    try:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    except OSError as exc:
        return {"status": "fork_failed", "error": str(exc)[:200]}
    if pid == 0:
        try:
            os.setsid()
            os.close(read_fd)
            null = os.open(os.devnull, os.O_RDWR)
            for target in (0, 1, 2):
                os.dup2(null, target)
            keep = sorted({write_fd})
            os.closerange(3, keep[0])
            os.closerange(keep[0] + 1, 65536)
            _child(write_fd, code, entry, test, setup, memory_limit)
        finally:
            _exit(1)
    os.close(write_fd)
    deadline = start + time_limit
    data, eof, over, timed_out = rlvr_proc.read_capped(read_fd, result_limit + 4, deadline, pid)
    os.close(read_fd)
    # Wait for the child to end by itself until the deadline (a SIGKILL seen later is then not ours), then kill
    # its group: daemons and helpers the test left behind.
    status, killed = rlvr_proc.reap(pid, time.monotonic() if (timed_out or over) else deadline)
    timed_out = timed_out or (killed and not over)
    rlvr_proc.kill_group(pid)
    code_, sig = rlvr_proc.describe_status(status)
    ms = int((time.monotonic() - start) * 1000)
    record = {"ms": ms, "exit": code_, "signal": sig}
    if over:
        record.update(status="output_limit")
        return record
    if len(data) >= 4:
        (length,) = struct.unpack(">I", data[:4])
        if length == len(data) - 4:
            try:
                result = json.loads(data[4:].decode("utf-8"))
                status_ = result.get("status")
                if status_ == "ok":
                    rlvr_codec.validate(result.get("value"))
                    record.update(status="ok", value=result["value"])
                elif status_ in ("error", "refused", "no_function"):
                    record.update(status=status_, error=str(result.get("error", ""))[:300])
                else:
                    record.update(status="bad_result")
                return record
            except Exception:
                record.update(status="bad_result")
                return record
    if timed_out:
        record.update(status="timeout")
    elif sig == 9:
        # A SIGKILL the runner did not send: the kernel's OOM killer (or the candidate killing itself).
        record.update(status="killed")
    else:
        record.update(status="crash")
    return record


def main():
    rlvr_proc.make_undumpable()
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    code = request["code"]
    entry = request["entry_point"]
    tests = request["tests"]
    time_limit = float(request.get("time_limit", 5.0))
    result_limit = int(request.get("result_limit", 1 << 20))
    setup = request.get("setup", "")
    memory_limit = int(request.get("memory_limit", 0))
    budget = float(request.get("budget", 0)) or None
    stop_on_failure = bool(request.get("stop_on_failure", False))
    out = sys.stdout
    out.write(json.dumps({"runner": "function", "tests": len(tests)}) + "\n")
    out.flush()
    ends = None if budget is None else time.monotonic() + budget
    stopped = None
    for test in tests:
        left = None if ends is None else ends - time.monotonic()
        if stopped is None and left is not None and left <= 0.05:
            stopped = "budget"
        if stopped is not None:
            record = {"status": stopped, "ms": 0}
        else:
            rlvr_proc.scrub()
            limit = time_limit if left is None else min(time_limit, left)
            record = _run_one(code, entry, test, limit, result_limit, setup, memory_limit)
            if record.get("status") == "timeout" and limit < time_limit:
                # The test was cut short by the run's budget, not by its own limit.
                record["status"] = "budget"
            if stop_on_failure and record.get("status") != "ok":
                stopped = "skipped"
        record["id"] = test["id"]
        out.write(json.dumps(record) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
