using System.Text.Json;

namespace Rlvr.Core.Data;

/// <summary>
/// A check System.Text.Json leaves to the first read: a string or member name holding bytes that are not UTF-8, or
/// whose <c>\u</c> escapes form a lone surrogate (<c>"\ud800"</c>), parses as JSON but throws when read as text.
/// Readers of untrusted JSON run this once after parsing, so such a value is reported with its path instead of failing
/// wherever it is first read.
/// </summary>
public static class JsonStrings
{
    /// <summary>Finds the first string or member name that cannot be read as text.</summary>
    /// <param name="utf8Json">A JSON document that parsed.</param>
    /// <param name="path">The JSON path of the offending value (e.g. <c>$.completion[0].role</c>) when one is found.</param>
    /// <returns>Whether an unreadable string was found.</returns>
    public static bool TryFindUnreadable(ReadOnlySpan<byte> utf8Json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? path)
    {
        path = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 4096, CommentHandling = JsonCommentHandling.Skip });

        // One frame per open container: its kind, the current member name or the next array index.
        var frames = new List<(bool IsArray, string? Name, int Index)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, null, 0));
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        Advance(frames);
                        continue;
                    case JsonTokenType.PropertyName:
                        string? name = Readable(ref reader, out bool ok);
                        if (!ok)
                        {
                            path = Path(frames) + ".<member name>";
                            return true;
                        }

                        frames[^1] = (false, name, 0);
                        continue;
                    case JsonTokenType.String:
                        _ = Readable(ref reader, out bool readable);
                        if (!readable)
                        {
                            path = Path(frames);
                            return true;
                        }

                        Advance(frames);
                        continue;
                    default:
                        Advance(frames);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // Not this check's concern: the caller parsed the document already.
        }

        return false;
    }

    private static string? Readable(ref Utf8JsonReader reader, out bool ok)
    {
        ok = true;
        if (!reader.ValueIsEscaped)
        {
            // The reader checks structure, not encoding: bytes that are not UTF-8 only fail when the value is read.
            ok = System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
            return ok && reader.TokenType == JsonTokenType.PropertyName ? reader.GetString() : null;
        }

        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            ok = false;
            return null;
        }
    }

    private static void Advance(List<(bool IsArray, string? Name, int Index)> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
        }
    }

    private static string Path(List<(bool IsArray, string? Name, int Index)> frames)
    {
        var text = new System.Text.StringBuilder("$");
        foreach (var (isArray, name, index) in frames)
        {
            if (isArray)
            {
                text.Append('[').Append(index).Append(']');
            }
            else if (name is not null)
            {
                text.Append('.').Append(name);
            }
        }

        return text.ToString();
    }
}
