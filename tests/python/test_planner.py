"""planner: turns a task's asserts into test cases and generates extended ones (judge/planner.py). Runs only trusted
task code, so it is driven here directly and through its stdin/stdout protocol."""
import ast
import json
import os
import random
import subprocess
import sys
import time
import unittest

import support

support.judge_on_path()
import planner
import rlvr_codec


def classify(source, name="f"):
    return planner.classify(ast.parse(source).body[0].test, name)


class LimitedTests(unittest.TestCase):
    def test_limited_spinningReference_stoppedByItsCpuLimit(self):
        def spin():
            while True:
                pass
        start = time.monotonic()
        with self.assertRaises(planner._Alarm):
            planner.limited(0.2, spin)
        self.assertLess(time.monotonic() - start, 5)

    def test_limited_sleepingReference_stoppedByTheWallBackstop(self):
        start = time.monotonic()
        with self.assertRaises(planner._Alarm):
            planner.limited(0.1, time.sleep, 5)
        elapsed = time.monotonic() - start
        self.assertGreaterEqual(elapsed, 0.1 * planner.WALL_BACKSTOP * 0.9)
        self.assertLess(elapsed, 5)

    def test_limited_waitingWithoutCpu_isNotChargedAgainstTheCpuLimit(self):
        # A loaded machine delays a reference without it using CPU: that wait must not count as its time.
        self.assertIsNone(planner.limited(0.2, time.sleep, 0.3))


class MutateTests(unittest.TestCase):
    def test_mutate_bool_flips(self):
        self.assertIs(planner.mutate(True, random.Random(1)), False)

    def test_mutate_nonNegativeInt_staysNonNegativeAndChanges(self):
        rng = random.Random(3)
        for value in (0, 1, 2, 50):
            for _ in range(50):
                result = planner.mutate(value, rng)
                self.assertIs(type(result), int)
                self.assertGreaterEqual(result, 0)
                self.assertLessEqual(abs(result - value), 3)

    def test_mutate_negativeInt_movesByAtMostThree(self):
        rng = random.Random(4)
        results = {planner.mutate(-10, rng) for _ in range(100)}
        self.assertTrue(results <= {-13, -12, -11, -9, -8, -7})
        self.assertGreater(len(results), 1)

    def test_mutate_float_changesByAStep(self):
        rng = random.Random(5)
        for _ in range(50):
            delta = abs(planner.mutate(1.0, rng) - 1.0)
            self.assertIn(round(delta, 9), {0.1, 0.5, 1.0, 2.5})

    def test_mutate_oneCharacter_keepsItsClass(self):
        rng = random.Random(6)
        for _ in range(50):
            self.assertTrue(planner.mutate("a", rng).isalpha())
            self.assertTrue(planner.mutate("7", rng).isdigit())
        self.assertEqual(planner.mutate("", rng), "")

    def test_mutate_sentence_keepsWholeWords(self):
        rng = random.Random(7)
        words = {"three", "one", "five"}
        seen_word_edit = False
        for _ in range(100):
            result = planner.mutate("three one five", rng)
            if " " in result and set(result.split(" ")) <= words:
                seen_word_edit = True
        self.assertTrue(seen_word_edit)

    def test_mutate_listAndTuple_keepTheirTypeAndElements(self):
        rng = random.Random(8)
        for _ in range(50):
            out = planner.mutate([1, 2, 3], rng)
            self.assertIs(type(out), list)
            self.assertIs(type(planner.mutate((1, 2, 3), rng)), tuple)
        self.assertEqual(planner.mutate([], rng), [])

    def test_mutate_input_isNotModifiedInPlace(self):
        rng = random.Random(9)
        original = [[1, 2], [3]]
        for _ in range(30):
            planner.mutate(original, rng)
        self.assertEqual(original, [[1, 2], [3]])

    def test_mutate_set_givesASetDifferentSometimes(self):
        rng = random.Random(10)
        results = [planner.mutate({1, 2, 3}, rng) for _ in range(30)]
        self.assertTrue(all(type(r) is set for r in results))
        self.assertTrue(any(r != {1, 2, 3} for r in results))
        self.assertIs(type(planner.mutate(frozenset({1}), rng)), frozenset)

    def test_mutate_dict_changesOneValueKeepsKeys(self):
        rng = random.Random(11)
        out = planner.mutate({"a": 1, "b": 2}, rng)
        self.assertEqual(set(out), {"a", "b"})

    def test_mutate_sameSeed_isDeterministic(self):
        a = [planner.mutate([5, "xy", (1.0, True)], random.Random(42)) for _ in range(3)]
        b = [planner.mutate([5, "xy", (1.0, True)], random.Random(42)) for _ in range(3)]
        self.assertEqual(a, b)

    def test_mutateSource_changesOneLiteralKeepingItsSign(self):
        rng = random.Random(12)
        for _ in range(30):
            out = planner.mutate_source("Node(5, Node(2))", rng)
            literals = [n.value for n in ast.walk(ast.parse(out, mode="eval")) if isinstance(n, ast.Constant)]
            self.assertTrue(all(v >= 0 for v in literals))
        self.assertIsNone(planner.mutate_source("Node()", rng))
        self.assertIsNone(planner.mutate_source("(", rng))


class ClassifyTests(unittest.TestCase):
    def test_classify_equality_eitherSide(self):
        _, kind, extra = classify("assert f(1) == 2")
        self.assertEqual(kind, "eq")
        self.assertEqual(ast.unparse(extra["expected"]), "2")
        _, kind, _ = classify("assert [1] == f(1)")
        self.assertEqual(kind, "eq")

    def test_classify_isNoneTrueFalse_onlyConstants(self):
        self.assertEqual(classify("assert f(1) is None")[1], "is")
        with self.assertRaises(planner.NotSimple):
            classify("assert f(1) is x")

    def test_classify_absDifference_isCloseWithStrictness(self):
        _, kind, extra = classify("assert abs(f(2) - 1.5) < 1e-6")
        self.assertEqual(kind, "close")
        self.assertTrue(extra["strict"])
        _, _, extra = classify("assert abs(1.5 - f(2)) <= 0.01")
        self.assertFalse(extra["strict"])

    def test_classify_mathIsclose_defaultsToItsRelativeTolerance(self):
        _, kind, extra = classify("assert math.isclose(f(2), 0.5)")
        self.assertEqual(kind, "close")
        self.assertEqual(extra["rel"].value, 1e-9)
        _, _, extra = classify("assert math.isclose(0.5, f(2), abs_tol=0.1)")
        self.assertEqual(ast.unparse(extra["abs"]), "0.1")
        with self.assertRaises(planner.NotSimple):
            classify("assert math.isclose(f(2), 0.5, weird=1)")

    def test_classify_truthyAndFalsy(self):
        self.assertEqual(classify("assert f(3)")[1], "truthy")
        self.assertEqual(classify("assert not f(3)")[1], "falsy")

    def test_classify_notSimple_forKeywordsNestingOrOtherComparisons(self):
        for source in ("assert f(x=1) == 2", "assert f(f(1)) == 2", "assert f(1) == f(2)", "assert f(1) > 2",
                       "assert f(*a) == 1", "assert g(1) == 2"):
            with self.subTest(source=source):
                with self.assertRaises(planner.NotSimple):
                    classify(source)


class CasesTests(unittest.TestCase):
    REFERENCE = "def f(xs):\n    return sorted(xs)\n"

    def cases(self, tests):
        ns = {"__name__": "__main__"}
        exec(compile(self.REFERENCE, "reference.py", "exec"), ns)
        body = ast.parse(tests).body
        cases = planner.simple_cases(body, "f", ns, tests)
        for case in cases:
            case["reference_ok"], _ = planner.reference_ok(case["_stmt"], "f", ns, ns["f"])
        return cases, ns

    def test_simpleCases_encodeArgsAndExpected(self):
        cases, _ = self.cases("assert f([3, 1]) == [1, 3]\nassert f([]) == []\n")
        self.assertEqual(cases[0]["args"], rlvr_codec.encode([[3, 1]]))
        self.assertEqual(cases[0]["expected"], rlvr_codec.encode([1, 3]))
        self.assertTrue(all(c["reference_ok"] for c in cases))

    def test_simpleCases_closeKeepsTolerances(self):
        ns = {"__name__": "__main__", "math": __import__("math")}
        exec("def f(x):\n    return x / 3\n", ns)
        source = "assert math.isclose(f(1.0), 0.3333333333)\nassert abs(f(3) - 1) < 1e-6\n"
        cases = planner.simple_cases(ast.parse(source).body, "f", ns, source)
        self.assertEqual(cases[0]["kind"], "close")
        self.assertEqual(cases[0]["rel"], 1e-9)
        self.assertFalse(cases[0]["strict"])
        self.assertEqual(cases[1]["abs"], 1e-6)
        self.assertTrue(cases[1]["strict"])

    def test_referenceOk_wrongPublishedAssert_isReported(self):
        cases, _ = self.cases("assert f([3, 1]) == [3, 1]\n")
        self.assertFalse(cases[0]["reference_ok"])

    def test_simpleCases_otherStatements_areNotSimple(self):
        with self.assertRaises(planner.NotSimple):
            self.cases("x = [3, 1]\nassert f(x) == [1, 3]\n")

    def test_extendedCases_expectedFromReferenceAndNeverAPublishedAnswer(self):
        cases, ns = self.cases("assert f([3, 1, 2]) == [1, 2, 3]\nassert f([9, 7]) == [7, 9]\n")
        extended = planner.extended_cases(cases, ns["f"], 10, seed=1, ns=ns)
        self.assertGreater(len(extended), 0)
        for case in extended:
            args = rlvr_codec.decode(case["args"])
            self.assertTrue(case["extended"])
            self.assertEqual(rlvr_codec.decode(case["expected"]), sorted(args[0]))
            # What a memoriser answers (the nearest published input's answer) never passes a generated test.
            near = planner.nearest_published(planner._key(case), cases)
            self.assertNotEqual(planner.published_answer(near), json.dumps(case["expected"], sort_keys=True))
        self.assertEqual(len({json.dumps(c["args"]) for c in extended}), len(extended))

    def test_extendedCases_sameSeed_sameCases(self):
        cases, ns = self.cases("assert f([3, 1, 2]) == [1, 2, 3]\n")
        a = planner.extended_cases(cases, ns["f"], 5, seed=7, ns=ns)
        cases, ns = self.cases("assert f([3, 1, 2]) == [1, 2, 3]\n")
        b = planner.extended_cases(cases, ns["f"], 5, seed=7, ns=ns)
        self.assertEqual(json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True))

    def test_domains_keepStatedPreconditions(self):
        cases, ns = self.cases("assert f([1, 2, 3]) == [1, 2, 3]\nassert f([4, 5]) == [4, 5]\n")
        self.assertTrue({"ascending", "ints>=1", "nonempty", "distinct"} <= planner.domains(cases)[0])
        for case in planner.extended_cases(cases, ns["f"], 10, seed=3, ns=ns):
            xs = rlvr_codec.decode(case["args"])[0]
            self.assertEqual(xs, sorted(xs), "a generated input must stay ascending like every published one")

    def test_shape_describesCommonPreconditions(self):
        self.assertIn("balanced brackets", planner.shape("(()[])"))
        self.assertNotIn("balanced brackets", planner.shape("(()"))
        self.assertIn("square", planner.shape([[1, 2], [3, 4]]))
        self.assertIn("tuple of 2", planner.shape((1, 2)))
        self.assertIn("no-leading-zero", planner.shape("105"))
        self.assertNotIn("no-leading-zero", planner.shape("05"))


class ProtocolTests(unittest.TestCase):
    def plan(self, request):
        result = subprocess.run([sys.executable, os.path.join(support.JUDGE, "planner.py")],
                                input=json.dumps(request).encode(), capture_output=True, timeout=120, check=True)
        return json.loads(result.stdout)

    def test_main_simpleAsserts_givesCasesMode(self):
        out = self.plan({"reference": "def add(a, b):\n    return a + b\n", "tests": "assert add(1, 2) == 3\n",
                         "style": "module", "entry_point": "add", "seed": 0, "extended": 3})
        self.assertEqual(out["mode"], "cases")
        self.assertTrue(out["reference_passed"])
        self.assertEqual(out["cases"][0]["expected"], {"i": "3"})
        self.assertNotIn("_stmt", out["cases"][0])

    def test_main_checkFunctionWithLoop_recordsCallsInCheckMode(self):
        tests = "def check(candidate):\n    for i in range(3):\n        assert candidate(i, i) == 2 * i\n"
        out = self.plan({"reference": "def add(a, b):\n    return a + b\n", "tests": tests, "style": "check",
                         "entry_point": "add"})
        self.assertEqual(out["mode"], "check")
        self.assertEqual(out["calls"], [rlvr_codec.encode([i, i]) for i in range(3)])
        self.assertTrue(out["reference_passed"])

    def test_main_referenceWithoutEntryPoint_isAnError(self):
        out = self.plan({"reference": "x = 1\n", "tests": "", "style": "module", "entry_point": "add"})
        self.assertIn("error", out)


if __name__ == "__main__":
    unittest.main()
