using System.Numerics;

namespace Rlvr.Environments.Code.Values;

/// <summary>
/// Python's <c>==</c> over builtin values, computed in C#: numbers compare by value across bool, int, float and
/// complex (<c>5 == 5.0</c>, <c>True == 1</c>), integers exactly at any size, a float equals an int only when it is
/// that integer exactly; <c>list</c> never equals <c>tuple</c>; sets and dicts compare by membership. One deliberate
/// difference: NaN equals NaN, so a published test that expects NaN can be passed.
/// </summary>
public static class PyEquality
{
    /// <summary>Python's <c>a == b</c>.</summary>
    /// <param name="a">Left value.</param>
    /// <param name="b">Right value.</param>
    public static bool AreEqual(PyValue a, PyValue b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (IsNumber(a) || IsNumber(b))
        {
            return IsNumber(a) && IsNumber(b) && NumbersEqual(a, b);
        }

        if (a.Kind is PyKind.Set or PyKind.FrozenSet)
        {
            return b.Kind is PyKind.Set or PyKind.FrozenSet && SetsEqual(a.Items, b.Items);
        }

        if (a.Kind != b.Kind)
        {
            return false;
        }

        return a.Kind switch
        {
            PyKind.None => true,
            PyKind.Str => string.Equals(a.Str, b.Str, StringComparison.Ordinal),
            PyKind.Bytes => a.Bytes.SequenceEqual(b.Bytes),
            PyKind.List or PyKind.Tuple => SequencesEqual(a.Items, b.Items),
            // Two OrderedDicts compare in order too (Python's OrderedDict.__eq__); with a plain dict, by membership.
            PyKind.Dict => DictsEqual(a.Entries, b.Entries) && (!a.IsOrdered || !b.IsOrdered || KeysInSameOrder(a.Entries, b.Entries)),
            _ => false,
        };
    }

    /// <summary>Python's <c>bool(v)</c>.</summary>
    /// <param name="value">The value.</param>
    public static bool IsTruthy(PyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Kind switch
        {
            PyKind.None => false,
            PyKind.Bool => value.Bool,
            PyKind.Int => !value.Int.IsZero,
            PyKind.Float => value.Float != 0.0,
            PyKind.Complex => value.Float != 0.0 || value.Imaginary != 0.0,
            PyKind.Str => value.Str.Length > 0,
            PyKind.Bytes => value.Bytes.Count > 0,
            PyKind.Dict => value.Entries.Count > 0,
            _ => value.Items.Count > 0,
        };
    }

    /// <summary>
    /// <c>abs(actual - expected) &lt; absTol</c> (or <c>&lt;=</c>) when only an absolute tolerance is given, else
    /// <c>math.isclose(actual, expected, rel_tol, abs_tol)</c>. Both must be real numbers.
    /// </summary>
    /// <param name="actual">The candidate's value.</param>
    /// <param name="expected">The expected value.</param>
    /// <param name="relTol">Relative tolerance, or <see langword="null"/>.</param>
    /// <param name="absTol">Absolute tolerance, or <see langword="null"/>.</param>
    /// <param name="strict">Whether the absolute comparison is <c>&lt;</c> rather than <c>&lt;=</c>.</param>
    public static bool IsClose(PyValue actual, PyValue expected, double? relTol, double? absTol, bool strict)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        if (!IsReal(actual) || !IsReal(expected))
        {
            return false;
        }

        // math.isclose converts both to float, and so does int - float: an int beyond float's range raises
        // OverflowError in Python, which fails the test.
        bool mixed = actual.Kind == PyKind.Float || expected.Kind == PyKind.Float || relTol is not null;
        if (mixed && (IntOverflowsFloat(actual) || IntOverflowsFloat(expected)))
        {
            return false;
        }

        if (actual.Kind != PyKind.Float && expected.Kind != PyKind.Float && relTol is null)
        {
            var diff = BigInteger.Abs(IntOf(actual) - IntOf(expected));
            double tol = absTol ?? 0.0;
            return strict ? (double)diff < tol : (double)diff <= tol;
        }

        double a = ToDouble(actual);
        double b = ToDouble(expected);
        if (relTol is null)
        {
            double diff = Math.Abs(a - b);
            double tol = absTol ?? 0.0;
            return strict ? diff < tol : diff <= tol;
        }

        if (a == b)
        {
            return true;
        }

        if (double.IsInfinity(a) || double.IsInfinity(b))
        {
            return false;
        }

        double d = Math.Abs(a - b);
        return d <= Math.Max(relTol.Value * Math.Max(Math.Abs(a), Math.Abs(b)), absTol ?? 0.0);
    }

    /// <summary>A hash consistent with <see cref="AreEqual"/> (equal values hash alike).</summary>
    /// <param name="value">The value.</param>
    public static int HashOf(PyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value.Kind)
        {
            case PyKind.None: return 0x5EED;
            case PyKind.Bool: return (value.Bool ? BigInteger.One : BigInteger.Zero).GetHashCode();
            case PyKind.Int: return value.Int.GetHashCode();
            case PyKind.Float: return FloatHash(value.Float);
            case PyKind.Complex: return value.Imaginary == 0.0 ? FloatHash(value.Float) : HashCode.Combine(FloatHash(value.Float), value.Imaginary);
            case PyKind.Str: return string.GetHashCode(value.Str, StringComparison.Ordinal);
            case PyKind.Bytes: return HashCode.Combine(value.Bytes.Count, value.Bytes.Count > 0 ? value.Bytes[0] : 0);
            case PyKind.List:
            case PyKind.Tuple:
                {
                    var hash = new HashCode();
                    hash.Add(value.Kind);
                    foreach (var item in value.Items)
                    {
                        hash.Add(HashOf(item));
                    }

                    return hash.ToHashCode();
                }

            case PyKind.Set:
            case PyKind.FrozenSet:
                {
                    int hash = 0x5E7;
                    foreach (var item in value.Items)
                    {
                        hash ^= HashOf(item);
                    }

                    return hash;
                }

            default:
                {
                    int hash = 0xD1C7;
                    foreach (var entry in value.Entries)
                    {
                        hash ^= HashCode.Combine(HashOf(entry.Key), HashOf(entry.Value));
                    }

                    return hash;
                }
        }
    }

    private static int FloatHash(double value) =>
        double.IsNaN(value) ? 0x7FF8
        : double.IsFinite(value) && value == Math.Floor(value) ? new BigInteger(value).GetHashCode()
        : value.GetHashCode();

    private static bool IsNumber(PyValue value) => value.Kind is PyKind.Bool or PyKind.Int or PyKind.Float or PyKind.Complex;

    private static bool IsReal(PyValue value) => value.Kind is PyKind.Bool or PyKind.Int or PyKind.Float;

    private static BigInteger IntOf(PyValue value) => value.Kind == PyKind.Bool ? (value.Bool ? BigInteger.One : BigInteger.Zero) : value.Int;

    private static bool IntOverflowsFloat(PyValue value) =>
        value.Kind is PyKind.Int && double.IsInfinity((double)value.Int);

    private static double ToDouble(PyValue value) => value.Kind == PyKind.Float ? value.Float : (double)IntOf(value);

    private static bool NumbersEqual(PyValue a, PyValue b)
    {
        if (a.Kind == PyKind.Complex || b.Kind == PyKind.Complex)
        {
            double aImag = a.Kind == PyKind.Complex ? a.Imaginary : 0.0;
            double bImag = b.Kind == PyKind.Complex ? b.Imaginary : 0.0;
            if (!FloatsEqual(aImag, bImag))
            {
                return false;
            }

            var aReal = a.Kind == PyKind.Complex ? PyValue.FromFloat(a.Float) : a;
            var bReal = b.Kind == PyKind.Complex ? PyValue.FromFloat(b.Float) : b;
            return NumbersEqual(aReal, bReal);
        }

        if (a.Kind == PyKind.Float && b.Kind == PyKind.Float)
        {
            return FloatsEqual(a.Float, b.Float);
        }

        if (a.Kind == PyKind.Float)
        {
            return FloatEqualsInt(a.Float, IntOf(b));
        }

        if (b.Kind == PyKind.Float)
        {
            return FloatEqualsInt(b.Float, IntOf(a));
        }

        return IntOf(a) == IntOf(b);
    }

    private static bool FloatsEqual(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    // Python compares int and float exactly: 2**53 + 1 != float(2**53 + 1).
    private static bool FloatEqualsInt(double f, BigInteger i) =>
        double.IsFinite(f) && f == Math.Floor(f) && new BigInteger(f) == i;

    private static bool SequencesEqual(IReadOnlyList<PyValue> a, IReadOnlyList<PyValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SetsEqual(IReadOnlyList<PyValue> a, IReadOnlyList<PyValue> b) =>
        a.Count == b.Count && AllFound(a, b) && AllFound(b, a);

    private static bool AllFound(IReadOnlyList<PyValue> items, IReadOnlyList<PyValue> pool)
    {
        var buckets = Buckets(pool, v => v);
        foreach (var item in items)
        {
            if (!buckets.TryGetValue(HashOf(item), out var bucket) || !bucket.Exists(candidate => AreEqual(item, candidate)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool KeysInSameOrder(IReadOnlyList<KeyValuePair<PyValue, PyValue>> a, IReadOnlyList<KeyValuePair<PyValue, PyValue>> b)
    {
        for (int i = 0; i < a.Count; i++)
        {
            if (!AreEqual(a[i].Key, b[i].Key))
            {
                return false;
            }
        }

        return true;
    }

    private static bool DictsEqual(IReadOnlyList<KeyValuePair<PyValue, PyValue>> a, IReadOnlyList<KeyValuePair<PyValue, PyValue>> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        return AllEntriesFound(a, b) && AllEntriesFound(b, a);
    }

    private static bool AllEntriesFound(IReadOnlyList<KeyValuePair<PyValue, PyValue>> entries, IReadOnlyList<KeyValuePair<PyValue, PyValue>> pool)
    {
        var buckets = Buckets(pool, e => e.Key);
        foreach (var entry in entries)
        {
            if (!buckets.TryGetValue(HashOf(entry.Key), out var bucket)
                || !bucket.Exists(candidate => AreEqual(entry.Key, candidate.Key) && AreEqual(entry.Value, candidate.Value)))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<int, List<T>> Buckets<T>(IReadOnlyList<T> pool, Func<T, PyValue> key)
    {
        var buckets = new Dictionary<int, List<T>>();
        foreach (var item in pool)
        {
            int hash = HashOf(key(item));
            if (!buckets.TryGetValue(hash, out var bucket))
            {
                bucket = [];
                buckets[hash] = bucket;
            }

            bucket.Add(item);
        }

        return buckets;
    }
}
