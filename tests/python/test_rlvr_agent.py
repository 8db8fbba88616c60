"""rlvr_agent: the exec agent of sandbox containers (src/Rlvr.Sandbox.Docker/Agent/rlvr_agent.py), driven over its
framed stdin/stdout protocol. In a container it kills every other process of its user after a command; on a host
that would be every process of the test's user, so the agent runs here with os.kill(-1, ...) turned into an error
and only "keep" requests (which never clean up) are sent; "clean" is never sent."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest

import support

GUARD = (
    "import os, sys\n"
    "_kill = os.kill\n"
    "def _guarded(pid, sig):\n"
    "    if pid <= 0:\n"
    "        raise SystemExit('rlvr_agent tried to signal every process (pid %%d): not on a host' %% pid)\n"
    "    _kill(pid, sig)\n"
    "os.kill = _guarded\n"
    "sys.argv = [%r]\n"
    "exec(compile(open(%r).read(), %r, 'exec'), {'__name__': '__main__'})\n"
) % (support.AGENT, support.AGENT, support.AGENT)


class Agent:
    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, "-c", GUARD], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def frame(self):
        header = self.proc.stdout.read(5)
        if len(header) < 5:
            return None, None
        kind, length = header[:1], struct.unpack(">I", header[1:])[0]
        return kind, self.proc.stdout.read(length)

    def run(self, argv, stdin=b"", limit=1 << 20, timeout=10.0, cwd=None, env=None):
        request = {"op": "run", "argv": argv, "limit": limit, "cwd": cwd or tempfile.gettempdir(), "env": env or {},
                   "timeout": timeout, "grace": 0.5, "keep": True, "stdin": len(stdin)}
        body = json.dumps(request).encode()
        self.proc.stdin.write(struct.pack(">I", len(body)) + body + stdin)
        self.proc.stdin.flush()
        out, err = b"", b""
        while True:
            kind, payload = self.frame()
            if kind is None:
                raise AssertionError("the agent ended")
            if kind == b"O":
                out += payload
            elif kind == b"E":
                err += payload
            elif kind == b"X":
                return out, err, json.loads(payload)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        return self.proc.returncode


class AgentTests(unittest.TestCase):
    def setUp(self):
        self.agent = Agent()
        self.addCleanup(self.close)
        kind, payload = self.agent.frame()
        self.assertEqual((kind, payload), (b"R", b"{}"))

    def close(self):
        self.assertEqual(self.agent.close(), 0)

    def test_run_stdoutStderrAndExitCode_inSeparateFrames(self):
        out, err, result = self.agent.run([sys.executable, "-c", "import sys; print('out'); sys.stderr.write('err'); sys.exit(3)"])
        self.assertEqual((out, err), (b"out\n", b"err"))
        self.assertEqual(result, {"timed_out": False, "out_trunc": False, "err_trunc": False, "exit": 3})

    def test_run_stdinBytes_reachTheCommand(self):
        data = bytes(range(256)) * 1000
        out, _, result = self.agent.run([sys.executable, "-c", "import sys, hashlib; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())"], stdin=data)
        import hashlib
        self.assertEqual(out.decode().strip(), hashlib.sha256(data).hexdigest())
        self.assertEqual(result["exit"], 0)

    def test_run_outputBeyondLimit_isTruncatedAndFlagged(self):
        out, _, result = self.agent.run([sys.executable, "-c", "print('x' * 5000)"], limit=100)
        self.assertEqual(out, b"x" * 100)
        self.assertTrue(result["out_trunc"])

    def test_run_signal_isReported(self):
        _, _, result = self.agent.run([sys.executable, "-c", "import os; os.abort()"])
        self.assertEqual(result.get("signal"), 6)
        self.assertNotIn("exit", result)

    def test_run_missingProgram_is127WithMessage(self):
        _, err, result = self.agent.run(["/nonexistent/program"])
        self.assertEqual(result["exit"], 127)
        self.assertIn(b"cannot run", err)

    def test_run_environmentAndWorkingDirectory_areApplied(self):
        with tempfile.TemporaryDirectory() as cwd:
            out, _, _ = self.agent.run([sys.executable, "-c", "import os; print(os.getcwd(), os.environ['RLVR_X'])"],
                                       cwd=cwd, env={"RLVR_X": "42"})
            self.assertEqual(out.decode().split(), [os.path.realpath(cwd), "42"])

    def test_run_severalCommands_oneAgent(self):
        for i in range(3):
            out, _, result = self.agent.run([sys.executable, "-c", "print(%d)" % i])
            self.assertEqual(out, b"%d\n" % i)


if __name__ == "__main__":
    unittest.main()
