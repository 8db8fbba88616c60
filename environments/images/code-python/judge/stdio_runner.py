"""stdin/stdout runner. Reads one JSON request on stdin, writes JSON lines on stdout.

Each test runs the candidate program as a fresh process with the test's input on stdin; its stdout is read up
to a cap and returned (base64) with the facts (exit code, signal, timeout, cap hit). Expected outputs never come
here: the SDK compares. The runner is not dumpable, so the candidate cannot reach its descriptors or memory.

Interactive problems: with "interactor" (trusted Python defining interact(input, send, receive)), the runner hosts
the interactor in its own non-dumpable process and connects it to the candidate by pipes; the test input (the
judge's secret) stays in this process. It reports only the transcript; the SDK replays it in another sandbox.

C# ("language": "csharp") is compiled here, inside the sandbox, by the .NET SDK's compiler (csc), before any test
runs: untrusted source never reaches a compiler in the scoring process. A compiler that crashes (a stack overflow on
a deeply nested expression), runs out of memory or exceeds "compile_limit" seconds (an overload-resolution bomb)
is reported as the program's failure, never the judge's.

Request: {"language": "python" | "csharp", "code": str, "runtime_config"?: str, "interactor"?: str,
          "compile_limit"?: seconds, "return_assembly"?: bool, "assembly"?: base64 (language "dotnet"), "tests": [{"id": str, "input": str, "output_limit": int}],
          "time_limit": seconds, "budget"?: seconds for all tests, "stop_on_failure"?: bool}
Output lines: {"runner": "stdio", "tests": n}, for C# {"compile": {"status": "ok" | "error" | "crash" | "timeout",
"errors"?: [str]}}, one record per test, {"done": true}. Budget and stop_on_failure work as in runner.py.
"""
import base64
import glob
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


CSC = "/opt/rlvr-csc/csc.dll"
MAX_ASSEMBLY = 8 * 1024 * 1024
REFS = "/opt/rlvr-csc/ref"
USINGS = ("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; "
          "global using System.Text; global using System.Threading.Tasks;\n")


def compile_csharp(source, workdir, time_limit):
    """Compiles the candidate's C# in a child process group with the compiler's heap capped (the image's
    DOTNET_GCHeapHardLimit) and a wall limit. Returns ({"status", "errors"?}, assembly bytes or None)."""
    build = tempfile.mkdtemp(prefix="csc-", dir="/tmp")
    with open(os.path.join(build, "Solution.cs"), "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(source)
    with open(os.path.join(build, "Usings.cs"), "w") as f:
        f.write(USINGS)
    out = os.path.join(build, "solution.dll")
    args = ["-nologo", "-noconfig", "-nostdlib+", "-target:exe", "-langversion:latest", "-optimize+",
            "-nullable:disable", "-unsafe-", "-deterministic+", "-out:" + out]
    args += ["-r:" + r for r in sorted(glob.glob(os.path.join(REFS, "*.dll")))]
    with open(os.path.join(build, "csc.rsp"), "w") as f:
        f.write("\n".join('"%s"' % a if " " in a else a for a in args) + "\n")
    argv = ["dotnet", CSC, "@" + os.path.join(build, "csc.rsp"), os.path.join(build, "Solution.cs"),
            os.path.join(build, "Usings.cs")]
    # A deep but legal program needs a deep stack; DOTNET_DefaultStackSize applies to the compiler's threads.
    env = dict(os.environ, DOTNET_DefaultStackSize="0x4000000", DOTNET_TieredPGO="0")
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            cwd=build, start_new_session=True, close_fds=True, env=env)
    data, _, _, timed_out = rlvr_proc.read_capped(proc.stdout.fileno(), 1 << 16, start + time_limit, proc.pid)
    if not timed_out:
        try:
            proc.wait(timeout=max(0.0, start + time_limit - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
    rlvr_proc.kill_group(proc.pid)
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass
    proc.stdout.close()
    text = data.decode("utf-8", "replace")
    ms = int((time.monotonic() - start) * 1000)
    if timed_out:
        return {"status": "timeout", "ms": ms, "errors": ["compilation exceeded %g s" % time_limit]}, None
    errors = [line.strip()[:400] for line in text.splitlines() if ": error " in line][:5]
    if proc.returncode == 0 and os.path.exists(out):
        with open(out, "rb") as f:
            assembly = f.read()
        if len(assembly) > MAX_ASSEMBLY:
            return {"status": "error", "ms": ms, "errors": ["assembly larger than %d bytes" % MAX_ASSEMBLY]}, None
        return {"status": "ok", "ms": ms}, assembly
    if proc.returncode is not None and proc.returncode not in (0, 1):
        # 1 is csc's "errors found"; anything else (134 for a stack overflow's abort, a signal) is a crash.
        tail = [line.strip()[:200] for line in text.splitlines() if line.strip()][:3]
        return {"status": "crash", "ms": ms,
                "errors": ["the compiler crashed (exit %s)" % proc.returncode] + tail}, None
    return {"status": "error", "ms": ms, "errors": errors or [text.strip()[:400] or "compilation failed"]}, None


def write_program(workdir, files):
    """(Re)writes the program under test: every test starts from the files the candidate submitted, so a program
    that rewrites its own source cannot carry state from one test to the next."""
    for name, data in files.items():
        path = os.path.join(workdir, name)
        try:
            os.chmod(path, 0o600)
        except OSError:
            pass
        with open(path, "wb") as f:
            f.write(data)


def main():
    rlvr_proc.make_undumpable()
    request = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    tests = request["tests"]
    time_limit = float(request.get("time_limit", 5.0))
    budget = float(request.get("budget", 0)) or None
    stop_on_failure = bool(request.get("stop_on_failure", False))
    out = sys.stdout
    out.write(json.dumps({"runner": "stdio", "tests": len(tests)}) + "\n")
    out.flush()
    workdir = tempfile.mkdtemp(prefix="sol-", dir="/tmp")
    if request.get("language") == "csharp":
        compiled, assembly = compile_csharp(request["code"], workdir, float(request.get("compile_limit", 30)))
        if assembly is not None and request.get("return_assembly"):
            # The SDK runs later batches of tests from these bytes, without compiling again.
            compiled["assembly"] = base64.b64encode(assembly).decode("ascii")
        out.write(json.dumps({"compile": compiled}) + "\n")
        out.flush()
        if assembly is None:
            out.write(json.dumps({"done": True}) + "\n")
            out.flush()
            return
        files = {"solution.dll": assembly, "solution.runtimeconfig.json": request["runtime_config"].encode("utf-8")}
        argv = ["dotnet", os.path.join(workdir, "solution.dll")]
    elif request.get("language") == "dotnet":
        # The assembly this runner compiled for an earlier batch of the same sample, returned through the SDK.
        files = {"solution.dll": base64.b64decode(request["assembly"]),
                 "solution.runtimeconfig.json": request["runtime_config"].encode("utf-8")}
        argv = ["dotnet", os.path.join(workdir, "solution.dll")]
    else:
        files = {"solution.py": request["code"].encode("utf-8", "surrogatepass")}
        argv = ["python3", "-I", os.path.join(workdir, "solution.py")]
    interactor = request.get("interactor")
    ends = None if budget is None else time.monotonic() + budget
    stopped = None
    for test in tests:
        left = None if ends is None else ends - time.monotonic()
        if stopped is None and left is not None and left <= 0.05:
            stopped = "budget"
        if stopped is not None:
            record = {"status": stopped, "ms": 0}
        else:
            rlvr_proc.scrub(keep_dirs=[workdir])
            write_program(workdir, files)
            limit = time_limit if left is None else min(time_limit, left)
            if interactor:
                record = interact_test(argv, workdir, test, limit, interactor)
            else:
                record = run_test(argv, workdir, test, limit)
            if record.get("status") == "timeout" and limit < time_limit:
                record["status"] = "budget"
            if stop_on_failure and record.get("status") not in ("exited", "interacted"):
                stopped = "skipped"
        record["id"] = test["id"]
        out.write(json.dumps(record) + "\n")
        out.flush()
    out.write(json.dumps({"done": True}) + "\n")
    out.flush()


if __name__ == "__main__":
    main()
