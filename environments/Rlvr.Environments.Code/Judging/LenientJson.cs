using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rlvr.Environments.Code.Judging;

/// <summary>
/// Reads what a judge script printed without ever throwing on content a candidate chose. Python's <c>json.dumps</c>
/// writes a lone surrogate (<c>'\ud800'</c>, legal in a Python <c>str</c>) as the escape <c>\ud800</c>, which
/// <see cref="JsonElement.GetString"/> refuses with <see cref="InvalidOperationException"/>; here the escape becomes the
/// same lone UTF-16 code unit, so the string compares exactly as Python's would.
/// </summary>
internal static class LenientJson
{
    /// <summary>Nesting allowed when parsing runner lines: a 64-deep tagged value plus its record, with room to spare.</summary>
    public const int MaxDepth = 512;

    /// <summary>Options for parsing judge output.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = MaxDepth };

    /// <summary>The string value of <paramref name="element"/> (which must be a JSON string), lone surrogates kept.</summary>
    /// <param name="element">A string element.</param>
    /// <returns>The string.</returns>
    public static string GetString(JsonElement element)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            return Unescape(element.GetRawText());
        }
    }

    /// <summary>Unescapes a JSON string literal (with its quotes) that the parser already accepted.</summary>
    internal static string Unescape(string literal)
    {
        var text = new StringBuilder(literal.Length);
        int end = literal.Length - 1;
        for (int i = 1; i < end; i++)
        {
            char c = literal[i];
            if (c != '\\' || i + 1 >= end)
            {
                text.Append(c);
                continue;
            }

            char e = literal[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u' when i + 4 < end && ushort.TryParse(literal.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort unit):
                    text.Append((char)unit);
                    i += 4;
                    break;
                default: text.Append(e); break;
            }
        }

        return text.ToString();
    }
}
