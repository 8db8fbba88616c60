"""runner: one forked child per test, its result sent back as a length-prefixed JSON frame (judge/runner.py).
Only _run_one is driven here: main() scrubs the machine for stray processes and is for sandboxes only."""
import json
import unittest

import support

support.judge_on_path()
import rlvr_codec
import runner


def run(code, args=(), entry="f", time_limit=10.0, result_limit=1 << 20, setup="", memory_limit=0, test=None):
    test = test or {"id": "t", "args": rlvr_codec.encode(list(args))}
    return runner._run_one(code, entry, test, time_limit, result_limit, setup, memory_limit)


class RunOneTests(unittest.TestCase):
    def test_runOne_returnsTheTaggedValue(self):
        record = run("def f(a, b):\n    return [a + b, (a, b)]\n", (1, 2))
        self.assertEqual(record["status"], "ok")
        self.assertEqual(rlvr_codec.decode(record["value"]), [3, (1, 2)])
        self.assertEqual(record["exit"], 0)

    def test_runOne_loneSurrogateInResult_framesAsValidJson(self):
        record = run("def f():\n    return 'x\\ud800y' + chr(0xDFFF)\n")
        self.assertEqual(record["status"], "ok")
        self.assertEqual(rlvr_codec.decode(record["value"]), "x\ud800y\udfff")
        # The record travels on as a JSON line: it must serialise, as ASCII, without error.
        json.dumps(record).encode("ascii")

    def test_runOne_loneSurrogateInError_isReported(self):
        record = run("def f():\n    raise ValueError('bad \\udc80')\n")
        self.assertEqual(record["status"], "error")
        self.assertIn("ValueError", record["error"])

    def test_runOne_orderedDictResult_keepsOrder(self):
        record = run("import collections\ndef f():\n    return collections.OrderedDict([('z', 1), ('a', 2)])\n")
        self.assertEqual(record["value"], {"od": [["z", {"i": "1"}], ["a", {"i": "2"}]]})

    def test_runOne_subclassResult_isRefused(self):
        record = run("class I(int):\n    def __eq__(self, o):\n        return True\ndef f():\n    return I(1)\n")
        self.assertEqual(record["status"], "refused")

    def test_runOne_missingEntryPoint_isNoFunction(self):
        self.assertEqual(run("x = 1\n")["status"], "no_function")

    def test_runOne_systemExit_isAnErrorNotASuccess(self):
        record = run("import sys\ndef f():\n    sys.exit(0)\n")
        self.assertEqual(record["status"], "error")
        self.assertIn("SystemExit", record["error"])

    def test_runOne_infiniteLoop_timesOut(self):
        record = run("def f():\n    while True:\n        pass\n", time_limit=0.5)
        self.assertEqual(record["status"], "timeout")

    def test_runOne_selfKill_isKilledOrCrash(self):
        self.assertEqual(run("import os\ndef f():\n    os.kill(os.getpid(), 9)\n")["status"], "killed")
        self.assertEqual(run("import os\ndef f():\n    os.abort()\n")["status"], "crash")

    def test_runOne_hugeResult_isOutputLimit(self):
        record = run("def f():\n    return 'x' * 100000\n", result_limit=1000)
        self.assertEqual(record["status"], "output_limit")

    def test_runOne_argsSourceWithSetup_buildsFixturesInTheCandidateNamespace(self):
        code = "class Node:\n    def __init__(self, v, nxt=None):\n        self.v, self.nxt = v, nxt\n" \
               "def f(n):\n    return n.v + (n.nxt.v if n.nxt else 0)\n"
        record = run(code, test={"id": "t", "args_src": ["Node(2, Node(5))"]}, setup="")
        self.assertEqual(rlvr_codec.decode(record["value"]), 7)

    def test_runOne_childWritesForgedFrame_isBadResult(self):
        # A candidate that writes its own frame to every descriptor and exits still cannot forge a value.
        code = "import os, struct\ndef f():\n    data = b'{\"status\": \"ok\", \"value\": {\"zz\": 1}}'\n" \
               "    for fd in range(3, 50):\n        try:\n            os.write(fd, struct.pack('>I', len(data)) + data)\n" \
               "        except OSError:\n            pass\n    os._exit(0)\n"
        self.assertEqual(run(code)["status"], "bad_result")


if __name__ == "__main__":
    unittest.main()
