"""rlvr_codec: the tagged serialisation of values leaving a candidate process (judge/rlvr_codec.py)."""
import collections
import json
import math
import unittest

import support

support.judge_on_path()
import rlvr_codec


def roundtrip(value):
    """Encode, through JSON text (as the value travels), validate, decode."""
    data = json.loads(json.dumps(rlvr_codec.encode(value)))
    rlvr_codec.validate(data)
    return rlvr_codec.decode(data)


class CodecTests(unittest.TestCase):
    def test_encode_builtins_roundtripWithTheirTypes(self):
        values = [None, True, False, 0, -7, 2 ** 200, 1.5, -0.0, "text", "", [1, [2]], (1, "a"), {1, 2},
                  frozenset({"x"}), {"k": [1, (2, 3)]}, b"\x00\xff", 1 + 2j]
        for value in values:
            with self.subTest(value=value):
                back = roundtrip(value)
                self.assertEqual(back, value)
                self.assertIs(type(back), type(value))

    def test_encode_boolAndInt_keepDistinctTags(self):
        self.assertIs(rlvr_codec.encode(True), True)
        self.assertEqual(rlvr_codec.encode(1), {"i": "1"})

    def test_encode_floatSpecials_roundtripExactly(self):
        self.assertTrue(math.isnan(roundtrip(float("nan"))))
        self.assertEqual(roundtrip(float("inf")), float("inf"))
        self.assertEqual(math.copysign(1, roundtrip(-0.0)), -1)
        self.assertEqual(roundtrip(0.1 + 0.2), 0.1 + 0.2)

    def test_encode_hugeInt_travelsAsExactDecimal(self):
        big = 7 ** 5000
        self.assertEqual(rlvr_codec.encode(big)["i"], str(big))
        self.assertEqual(roundtrip(big), big)

    def test_orderedDict_keepsItsOrderAndItsOwnTag(self):
        od = collections.OrderedDict([("b", 1), ("a", 2)])
        data = rlvr_codec.encode(od)
        self.assertEqual(list(data), ["od"])
        back = roundtrip(od)
        self.assertIs(type(back), collections.OrderedDict)
        self.assertEqual(list(back.items()), [("b", 1), ("a", 2)])
        # Two OrderedDicts compare in order; a plain dict does not.
        self.assertNotEqual(back, collections.OrderedDict([("a", 2), ("b", 1)]))
        self.assertEqual(roundtrip({"b": 1, "a": 2}), {"a": 2, "b": 1})

    def test_counterAndDefaultdict_travelAsPlainDicts(self):
        counter = collections.Counter("abca")
        default = collections.defaultdict(list, {"x": [1]})
        self.assertEqual(list(rlvr_codec.encode(counter)), ["d"])
        self.assertIs(type(roundtrip(counter)), dict)
        self.assertEqual(roundtrip(counter), {"a": 2, "b": 1, "c": 1})
        self.assertEqual(roundtrip(default), {"x": [1]})

    def test_encode_subclassOfBuiltin_isRefused(self):
        class LyingInt(int):
            def __eq__(self, other):
                return True

            __hash__ = int.__hash__

        class MyDict(dict):
            pass

        for value in (LyingInt(3), MyDict(), object(), [1, LyingInt(2)], {"k": MyDict()}):
            with self.subTest(value=type(value).__name__):
                with self.assertRaises(rlvr_codec.Refused):
                    rlvr_codec.encode(value)

    def test_encode_tooDeepOrTooLarge_isRefused(self):
        deep = []
        for _ in range(rlvr_codec.MAX_DEPTH + 5):
            deep = [deep]
        with self.assertRaisesRegex(rlvr_codec.Refused, "deeply"):
            rlvr_codec.encode(deep)
        with self.assertRaisesRegex(rlvr_codec.Refused, "large"):
            rlvr_codec.encode(None, _budget=[0])

    def test_encode_loneSurrogate_survivesJsonAsAscii(self):
        value = "a\ud800b"
        text = json.dumps(rlvr_codec.encode(value))
        text.encode("ascii")  # the default json.dumps escapes it: the frame stays valid UTF-8
        self.assertEqual(json.loads(text), value)

    def test_validate_malformed_isRejected(self):
        for data in ({"i": 3}, {"x": "1"}, {"d": [[1]]}, {"c": ["1"]}, {"t": "no"}, {"i": "1", "f": "2"}, 3, 1.5):
            with self.subTest(data=data):
                with self.assertRaises(ValueError):
                    rlvr_codec.validate(data)

    def test_decode_untaggedObject_isRejected(self):
        with self.assertRaises(ValueError):
            rlvr_codec.decode({"unknown": 1})


if __name__ == "__main__":
    unittest.main()
