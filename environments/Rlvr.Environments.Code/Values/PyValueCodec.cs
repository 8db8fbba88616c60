using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Rlvr.Environments.Code.Values;

/// <summary>
/// Decodes the sandbox's tagged value format: <c>null</c>, <c>true</c>/<c>false</c>, strings and arrays (lists) as
/// themselves, and one-key objects for the rest: <c>{"i": "12"}</c> int, <c>{"f": "1.5"}</c> float (Python repr,
/// including <c>nan</c>/<c>inf</c>), <c>{"c": [re, im]}</c> complex, <c>{"t": [...]}</c> tuple, <c>{"s": [...]}</c> set,
/// <c>{"fs": [...]}</c> frozenset, <c>{"d": [[k, v], ...]}</c> dict, <c>{"od": [[k, v], ...]}</c> OrderedDict, <c>{"b": "base64"}</c> bytes. Anything else is
/// rejected: a malformed value is a failed test, never a pass.
/// </summary>
public static class PyValueCodec
{
    private const int MaxDepth = 80;
    private const int MaxIntDigits = 100_000;

    /// <summary>Decodes a tagged value.</summary>
    /// <param name="element">The JSON.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The JSON is not a well-formed tagged value.</exception>
    public static PyValue Decode(JsonElement element) => Decode(element, 0);

    /// <summary>Decodes a tagged value, or reports why it is malformed.</summary>
    /// <param name="element">The JSON.</param>
    /// <param name="value">The value when well formed.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool TryDecode(JsonElement element, out PyValue value, out string? error)
    {
        try
        {
            value = Decode(element, 0);
            error = null;
            return true;
        }
        catch (FormatException ex)
        {
            value = PyValue.None;
            error = ex.Message;
            return false;
        }
    }

    private static PyValue Decode(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("Value nested too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null: return PyValue.None;
            case JsonValueKind.True: return PyValue.FromBool(true);
            case JsonValueKind.False: return PyValue.FromBool(false);
            case JsonValueKind.String: return PyValue.FromStr(Judging.LenientJson.GetString(element));
            case JsonValueKind.Array: return PyValue.FromItems(PyKind.List, DecodeItems(element, depth));
            case JsonValueKind.Object: return DecodeTagged(element, depth);
            default: throw new FormatException($"A bare JSON {element.ValueKind} is not a tagged value.");
        }
    }

    private static PyValue DecodeTagged(JsonElement element, int depth)
    {
        using var properties = element.EnumerateObject();
        if (!properties.MoveNext())
        {
            throw new FormatException("An empty object is not a tagged value.");
        }

        var property = properties.Current;
        if (properties.MoveNext())
        {
            throw new FormatException("A tagged value has exactly one key.");
        }

        var body = property.Value;
        return property.Name switch
        {
            "i" => PyValue.FromInt(ParseInt(RequireString(body))),
            "f" => PyValue.FromFloat(ParseFloat(RequireString(body))),
            "c" => DecodeComplex(body),
            "t" => PyValue.FromItems(PyKind.Tuple, DecodeItems(RequireArray(body), depth)),
            "s" => PyValue.FromItems(PyKind.Set, DecodeItems(RequireArray(body), depth)),
            "fs" => PyValue.FromItems(PyKind.FrozenSet, DecodeItems(RequireArray(body), depth)),
            "d" => DecodeDict(RequireArray(body), depth, ordered: false),
            "od" => DecodeDict(RequireArray(body), depth, ordered: true),
            "b" => PyValue.FromBytes(DecodeBase64(RequireString(body))),
            _ => throw new FormatException($"Unknown value tag '{property.Name}'."),
        };
    }

    private static PyValue[] DecodeItems(JsonElement array, int depth)
    {
        var items = new PyValue[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            items[i++] = Decode(item, depth + 1);
        }

        return items;
    }

    private static PyValue DecodeDict(JsonElement array, int depth, bool ordered)
    {
        var entries = new List<KeyValuePair<PyValue, PyValue>>(array.GetArrayLength());
        foreach (var pair in array.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            {
                throw new FormatException("A dict entry is a [key, value] pair.");
            }

            entries.Add(new(Decode(pair[0], depth + 1), Decode(pair[1], depth + 1)));
        }

        return ordered ? PyValue.FromOrderedEntries(entries) : PyValue.FromEntries(entries);
    }

    private static PyValue DecodeComplex(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Array || body.GetArrayLength() != 2)
        {
            throw new FormatException("A complex is [real, imaginary].");
        }

        return PyValue.FromComplex(ParseFloat(RequireString(body[0])), ParseFloat(RequireString(body[1])));
    }

    private static string RequireString(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? Judging.LenientJson.GetString(element)
            : throw new FormatException("Expected a string in a tagged value.");

    private static JsonElement RequireArray(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element : throw new FormatException("Expected an array in a tagged value.");

    private static BigInteger ParseInt(string text)
    {
        if (text.Length == 0 || text.Length > MaxIntDigits)
        {
            throw new FormatException("Integer text is empty or too long.");
        }

        int start = text[0] == '-' ? 1 : 0;
        if (start == text.Length)
        {
            throw new FormatException("Integer text has no digits.");
        }

        for (int i = start; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                throw new FormatException($"'{text}' is not a decimal integer.");
            }
        }

        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static double ParseFloat(string text) => text switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new FormatException($"'{text}' is not a float repr."),
    };

    private static byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new FormatException("Bytes are not valid base64.", ex);
        }
    }
}
