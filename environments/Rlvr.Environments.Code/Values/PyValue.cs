using System.Globalization;
using System.Numerics;
using System.Text;

namespace Rlvr.Environments.Code.Values;

/// <summary>
/// A builtin Python value decoded from the sandbox's tagged serialisation. Plain data: comparing two values
/// never runs any Python, so no user-defined <c>__eq__</c> can decide a test.
/// </summary>
public sealed class PyValue
{
    private PyValue(PyKind kind)
    {
        Kind = kind;
    }

    /// <summary>The Python type.</summary>
    public PyKind Kind { get; }

    /// <summary>The value of a <c>bool</c>.</summary>
    public bool Bool { get; private init; }

    /// <summary>The value of an <c>int</c>.</summary>
    public BigInteger Int { get; private init; }

    /// <summary>The value of a <c>float</c>, or the real part of a <c>complex</c>.</summary>
    public double Float { get; private init; }

    /// <summary>The imaginary part of a <c>complex</c>.</summary>
    public double Imaginary { get; private init; }

    /// <summary>The value of a <c>str</c>.</summary>
    public string Str { get; private init; } = string.Empty;

    /// <summary>The value of a <c>bytes</c>.</summary>
    public IReadOnlyList<byte> Bytes { get; private init; } = [];

    /// <summary>The items of a list, tuple, set or frozenset.</summary>
    public IReadOnlyList<PyValue> Items { get; private init; } = [];

    /// <summary>The entries of a dict, in insertion order.</summary>
    public IReadOnlyList<KeyValuePair<PyValue, PyValue>> Entries { get; private init; } = [];

    /// <summary><c>None</c>.</summary>
    public static PyValue None { get; } = new(PyKind.None);

    /// <summary>A <c>bool</c>.</summary>
    /// <param name="value">The value.</param>
    public static PyValue FromBool(bool value) => new(PyKind.Bool) { Bool = value };

    /// <summary>An <c>int</c>.</summary>
    /// <param name="value">The value.</param>
    public static PyValue FromInt(BigInteger value) => new(PyKind.Int) { Int = value };

    /// <summary>A <c>float</c>.</summary>
    /// <param name="value">The value.</param>
    public static PyValue FromFloat(double value) => new(PyKind.Float) { Float = value };

    /// <summary>A <c>complex</c>.</summary>
    /// <param name="real">The real part.</param>
    /// <param name="imaginary">The imaginary part.</param>
    public static PyValue FromComplex(double real, double imaginary) => new(PyKind.Complex) { Float = real, Imaginary = imaginary };

    /// <summary>A <c>str</c>.</summary>
    /// <param name="value">The value.</param>
    public static PyValue FromStr(string value) => new(PyKind.Str) { Str = value };

    /// <summary>A <c>bytes</c>.</summary>
    /// <param name="value">The value.</param>
    public static PyValue FromBytes(IReadOnlyList<byte> value) => new(PyKind.Bytes) { Bytes = value };

    /// <summary>A list, tuple, set or frozenset.</summary>
    /// <param name="kind">One of the sequence or set kinds.</param>
    /// <param name="items">The items.</param>
    public static PyValue FromItems(PyKind kind, IReadOnlyList<PyValue> items)
    {
        if (kind is not (PyKind.List or PyKind.Tuple or PyKind.Set or PyKind.FrozenSet))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a container kind.");
        }

        return new(kind) { Items = items };
    }

    /// <summary>A dict.</summary>
    /// <param name="entries">The entries.</param>
    public static PyValue FromEntries(IReadOnlyList<KeyValuePair<PyValue, PyValue>> entries) => new(PyKind.Dict) { Entries = entries };

    /// <summary>A <c>collections.OrderedDict</c>: a dict whose equality with another OrderedDict is order-sensitive.</summary>
    /// <param name="entries">The entries, in order.</param>
    public static PyValue FromOrderedEntries(IReadOnlyList<KeyValuePair<PyValue, PyValue>> entries) => new(PyKind.Dict) { Entries = entries, IsOrdered = true };

    /// <summary>Whether this dict is a <c>collections.OrderedDict</c> (tag <c>od</c>).</summary>
    public bool IsOrdered { get; private init; }

    /// <summary>A Python-like representation, cut at <paramref name="maxLength"/> characters, for evidence.</summary>
    /// <param name="maxLength">Longest result.</param>
    public string ToRepr(int maxLength = 300)
    {
        var builder = new StringBuilder();
        Append(builder, maxLength + 1);
        return builder.Length > maxLength ? string.Concat(builder.ToString(0, maxLength), "...") : builder.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToRepr();

    private static string FloatRepr(double value) =>
        double.IsNaN(value) ? "nan"
        : double.IsPositiveInfinity(value) ? "inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value == Math.Floor(value) && Math.Abs(value) < 1e16 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : value.ToString("R", CultureInfo.InvariantCulture);

    private void Append(StringBuilder builder, int budget)
    {
        if (builder.Length > budget)
        {
            return;
        }

        switch (Kind)
        {
            case PyKind.None: builder.Append("None"); break;
            case PyKind.Bool: builder.Append(Bool ? "True" : "False"); break;
            case PyKind.Int: builder.Append(Int.ToString(CultureInfo.InvariantCulture)); break;
            case PyKind.Float: builder.Append(FloatRepr(Float)); break;
            case PyKind.Complex: builder.Append('(').Append(FloatRepr(Float)).Append('+').Append(FloatRepr(Imaginary)).Append("j)"); break;
            case PyKind.Str: builder.Append('\'').Append(Str.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\''); break;
            case PyKind.Bytes: builder.Append("b'").Append(Convert.ToHexString([.. Bytes])).Append('\''); break;
            case PyKind.List: AppendItems(builder, "[", "]", budget); break;
            case PyKind.Tuple: AppendItems(builder, "(", Items.Count == 1 ? ",)" : ")", budget); break;
            case PyKind.Set: AppendItems(builder, Items.Count == 0 ? "set(" : "{", Items.Count == 0 ? ")" : "}", budget); break;
            case PyKind.FrozenSet: AppendItems(builder, "frozenset({", "})", budget); break;
            case PyKind.Dict:
                builder.Append('{');
                for (int i = 0; i < Entries.Count && builder.Length <= budget; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Entries[i].Key.Append(builder, budget);
                    builder.Append(": ");
                    Entries[i].Value.Append(builder, budget);
                }

                builder.Append('}');
                break;
        }
    }

    private void AppendItems(StringBuilder builder, string open, string close, int budget)
    {
        builder.Append(open);
        for (int i = 0; i < Items.Count && builder.Length <= budget; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Items[i].Append(builder, budget);
        }

        builder.Append(close);
    }
}
