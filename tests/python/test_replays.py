"""The judge's trusted hosts, driven through their stdin/stdout protocol: checker.py (a problem's checker over
recorded outputs), replay.py (check code against recorded calls) and interactor_replay.py (an interactor over a
recorded transcript). None of them loads candidate code."""
import json
import os
import subprocess
import sys
import unittest

import support

support.judge_on_path()
import rlvr_codec


def host(script, request):
    result = subprocess.run([sys.executable, os.path.join(support.JUDGE, script)], input=json.dumps(request).encode(),
                            capture_output=True, timeout=120, check=True)
    return json.loads(result.stdout)


class CheckerTests(unittest.TestCase):
    def test_checker_onlyTrueIsAPass_andErrorsAreFailures(self):
        checker = ("def check(inp, out, ans):\n"
                   "    if inp == 'boom':\n        raise ValueError('x')\n"
                   "    if inp == 'truthy':\n        return 1\n"
                   "    return abs(float(out) - float(ans)) <= 1e-6\n")
        out = host("checker.py", {"checker": checker, "cases": [
            {"id": "a", "input": "", "output": "0.3333333", "answer": "0.33333333"},
            {"id": "b", "input": "", "output": "0.5", "answer": "0.25"},
            {"id": "c", "input": "boom", "output": "", "answer": ""},
            {"id": "d", "input": "truthy", "output": "", "answer": ""}]})["results"]
        self.assertEqual({k: v["passed"] for k, v in out.items()}, {"a": True, "b": False, "c": False, "d": False})
        self.assertIn("ValueError", out["c"]["error"])


class ReplayTests(unittest.TestCase):
    TESTS = ("import math\n"
             "def check(candidate):\n"
             "    for x in (1.0, 2.0):\n"
             "        assert math.isclose(candidate(x), x / 3, rel_tol=1e-6)\n")

    def replay(self, outputs):
        return host("replay.py", {"reference": "", "tests": self.TESTS, "style": "check", "entry_point": "f",
                                  "outputs": [{"args": rlvr_codec.encode([a]), "value": rlvr_codec.encode(v)}
                                              for a, v in outputs]})

    def test_replay_recordedOutputsWithinTolerance_pass(self):
        self.assertEqual(self.replay([(1.0, 0.33333334), (2.0, 2 / 3)]), {"passed": True})

    def test_replay_wrongOutput_fails(self):
        out = self.replay([(1.0, 0.5), (2.0, 2 / 3)])
        self.assertFalse(out["passed"])
        self.assertIn("AssertionError", out["error"])

    def test_replay_missingCall_failsEvenIfCheckCodeCatchesExceptions(self):
        tests = "def check(candidate):\n    try:\n        candidate(9)\n    except Exception:\n        pass\n"
        out = host("replay.py", {"reference": "", "tests": tests, "style": "check", "entry_point": "f", "outputs": []})
        self.assertFalse(out["passed"])

    def test_replay_orderedDictOutput_comparesInOrder(self):
        tests = ("import collections\n"
                 "def check(candidate):\n"
                 "    assert candidate(1) == collections.OrderedDict([('a', 1), ('b', 2)])\n")
        ordered = rlvr_codec.encode(__import__("collections").OrderedDict([("a", 1), ("b", 2)]))
        swapped = rlvr_codec.encode(__import__("collections").OrderedDict([("b", 2), ("a", 1)]))
        for value, passed in ((ordered, True), (swapped, False)):
            out = host("replay.py", {"reference": "", "tests": tests, "style": "check", "entry_point": "f",
                                     "outputs": [{"args": rlvr_codec.encode([1]), "value": value}]})
            self.assertEqual(out["passed"], passed)


class InteractorReplayTests(unittest.TestCase):
    INTERACTOR = ("def interact(secret, send, receive):\n"
                  "    send('guess')\n"
                  "    line = receive()\n"
                  "    send('ok' if line == secret else 'no')\n"
                  "    return line == secret\n")

    def test_replay_genuineTranscript_givesTheInteractorsVerdict(self):
        out = host("interactor_replay.py", {"interactor": self.INTERACTOR, "cases": [
            {"id": "right", "input": "7", "transcript": [["j", "guess"], ["c", "7"], ["j", "ok"]]},
            {"id": "wrong", "input": "7", "transcript": [["j", "guess"], ["c", "8"], ["j", "no"]]}]})["results"]
        self.assertEqual(out, {"right": {"passed": True}, "wrong": {"passed": False}})

    def test_replay_forgedTranscript_fails(self):
        out = host("interactor_replay.py", {"interactor": self.INTERACTOR, "cases": [
            {"id": "forged", "input": "7", "transcript": [["j", "guess"], ["c", "8"], ["j", "ok"]]}]})["results"]
        self.assertFalse(out["forged"]["passed"])
        self.assertIn("does not match", out["forged"]["error"])


if __name__ == "__main__":
    unittest.main()
