namespace Rlvr.Server;

/// <summary>
/// Cuts the prompt off an OpenRLHF query (prompt + response). The query is the trainer's detokenisation of the
/// prompt's tokens plus the response's, which may differ from the prompt text in whitespace, and the prompt may have
/// been cut from the left to fit the context; matching ignores whitespace and accepts such a tail, so a few-shot
/// prompt's own answers are never judged as the response's.
/// </summary>
internal static class PromptStripper
{
    /// <summary>Shortest prompt tail (non-whitespace characters) accepted as the start of a left-truncated query.</summary>
    private const int MinimumTail = 16;

    /// <summary>The response part of <paramref name="query"/>; the whole query when the prompt is not in it.</summary>
    public static string Strip(string query, string prompt)
    {
        if (prompt.Length == 0)
        {
            return query;
        }

        if (query.StartsWith(prompt, StringComparison.Ordinal))
        {
            return query[prompt.Length..];
        }

        var (q, positions) = Squeeze(query);
        var (p, _) = Squeeze(prompt);
        if (p.Length == 0 || q.Length == 0)
        {
            return query;
        }

        int at = q.IndexOf(p, StringComparison.Ordinal);
        int end;
        if (at >= 0)
        {
            end = at + p.Length;
        }
        else
        {
            // OpenRLHF keeps the last max_prompt_length tokens of a long prompt: the query starts with a tail of it.
            end = LongestPrefixThatIsSuffix(q, p);
            if (end < Math.Min(p.Length, MinimumTail))
            {
                return query;
            }
        }

        return query[(positions[end - 1] + 1)..];
    }

    private static (string Text, int[] Positions) Squeeze(string text)
    {
        var chars = new System.Text.StringBuilder(text.Length);
        var positions = new List<int>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                chars.Append(text[i]);
                positions.Add(i);
            }
        }

        return (chars.ToString(), positions.ToArray());
    }

    /// <summary>The length of the longest prefix of <paramref name="q"/> that is a suffix of <paramref name="p"/> (KMP failure function).</summary>
    private static int LongestPrefixThatIsSuffix(string q, string p)
    {
        // Neither string holds whitespace, so a space separates them safely.
        string s = string.Concat(q.AsSpan(0, Math.Min(q.Length, p.Length)), " ", p);
        var failure = new int[s.Length];
        for (int i = 1; i < s.Length; i++)
        {
            int k = failure[i - 1];
            while (k > 0 && s[i] != s[k])
            {
                k = failure[k - 1];
            }

            failure[i] = s[i] == s[k] ? k + 1 : 0;
        }

        return failure[^1];
    }
}
