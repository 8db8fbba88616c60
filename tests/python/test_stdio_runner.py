"""stdio_runner: runs a program per test with the input on stdin and reports its exact stdout bytes, which the SDK
compares (judge/stdio_runner.py); interactive problems report the transcript. Only run_test and interact_test are
driven here: main() scrubs the machine for stray processes and is for sandboxes only."""
import base64
import os
import sys
import tempfile
import unittest

import support

support.judge_on_path()
import stdio_runner


class StdioRunnerTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="rlvr-stdio-test-")
        self.addCleanup(self.dir.cleanup)

    def program(self, source):
        stdio_runner.write_program(self.dir.name, {"solution.py": source.encode("utf-8")})
        return [sys.executable, "-I", os.path.join(self.dir.name, "solution.py")]

    def run_test(self, source, stdin="", time_limit=10.0, output_limit=1 << 20):
        return stdio_runner.run_test(self.program(source), self.dir.name,
                                     {"id": "t", "input": stdin, "output_limit": output_limit}, time_limit)

    def test_runTest_stdoutBytesAreReturnedExactly(self):
        record = self.run_test("import sys\nn = int(input())\nsys.stdout.write('%d \\r\\n\\n' % (n * 2))\n", "21\n")
        self.assertEqual(record["status"], "exited")
        self.assertEqual(record["exit"], 0)
        # Trailing spaces, CR and blank lines stay: the comparison rules are the SDK's, not the runner's.
        self.assertEqual(base64.b64decode(record["stdout"]), b"42 \r\n\n")

    def test_runTest_nonUtf8Output_travelsAsBytes(self):
        record = self.run_test("import sys\nsys.stdout.buffer.write(b'\\xff\\xfe ok')\n")
        self.assertEqual(base64.b64decode(record["stdout"]), b"\xff\xfe ok")

    def test_runTest_nonZeroExit_isExitWithCode(self):
        record = self.run_test("print('partial')\nraise SystemExit(3)\n")
        self.assertEqual((record["status"], record["exit"]), ("exit", 3))
        self.assertEqual(base64.b64decode(record["stdout"]), b"partial\n")

    def test_runTest_signal_isCrashWithSignal(self):
        record = self.run_test("import os\nos.abort()\n")
        self.assertEqual(record["status"], "crash")
        self.assertEqual(record["signal"], 6)

    def test_runTest_endlessProgram_timesOut(self):
        record = self.run_test("while True:\n    pass\n", time_limit=0.5)
        self.assertEqual(record["status"], "timeout")

    def test_runTest_flood_isOutputLimitAndCapped(self):
        record = self.run_test("import sys\nwhile True:\n    sys.stdout.write('y' * 4096)\n", output_limit=10000)
        self.assertEqual(record["status"], "output_limit")
        self.assertLessEqual(len(base64.b64decode(record["stdout"])), 10000)

    def test_runTest_programIgnoringStdin_stillFinishes(self):
        record = self.run_test("print('done')\n", "x" * (1 << 20))
        self.assertEqual(record["status"], "exited")

    def test_writeProgram_restoresTheSourceEachTest(self):
        argv = self.program("print(open(__file__).read().count('#'))\nopen(__file__, 'a').write('#')\n")
        test = {"id": "t", "input": "", "output_limit": 1000}
        first = stdio_runner.run_test(argv, self.dir.name, test, 10)
        stdio_runner.write_program(self.dir.name, {"solution.py": b"print(open(__file__).read().count('#'))\nopen(__file__, 'a').write('#')\n"})
        second = stdio_runner.run_test(argv, self.dir.name, test, 10)
        self.assertEqual(first["stdout"], second["stdout"])

    def test_interactTest_recordsTheTranscript(self):
        interactor = (
            "def interact(secret, send, receive):\n"
            "    send('guess')\n"
            "    line = receive()\n"
            "    send('ok' if line == secret else 'no')\n"
            "    return line == secret\n")
        argv = self.program("input()\nprint('7')\nprint(input())\n")
        record = stdio_runner.interact_test(argv, self.dir.name, {"id": "t", "input": "7", "output_limit": 1000}, 10,
                                            interactor)
        self.assertEqual(record["transcript"][:3], [["j", "guess"], ["c", "7"], ["j", "ok"]])
        self.assertEqual(record["status"], "interacted")


if __name__ == "__main__":
    unittest.main()
