using System.Text;
namespace Rlvr.Core.Extraction;

/// <summary>
/// Finds the final answer of a completion: boxed answers first, then a GSM8K <c>####</c> line, then an
/// "answer is" sentence, then the last math span, then the whole text when it is short, then the last number.
/// Several distinct boxed answers conflict unless only separators ("and", commas, <c>\quad</c>) stand between them,
/// in which case they form one multi-part answer (which can only match a reference with as many parts).
/// All scanners are linear; no regular expressions. A correctness reward and a format reward that both read this
/// extraction judge the same answer (the format reward looks at <see cref="ExtractedAnswer.Source"/>).
/// </summary>
public static class FinalAnswerExtractor
{
    /// <summary>Answer sentences in the languages models answer in; the last one in the text wins.</summary>
    private static readonly string[] Anchors =
    [
        "final answer is", "answer is", "answer:", "answer :", "réponse est", "réponse:", "réponse :", "respuesta es",
        "respuesta:", "respuesta :", "antwort ist", "antwort:", "risposta è", "risposta:", "resposta é", "resposta:",
        "答案是", "答案为", "答案：", "答案:", "答：",
    ];

    /// <summary>The final answer of <paramref name="text"/> (thinking is stripped first).</summary>
    /// <param name="text">A completion, or a reference solution.</param>
    /// <param name="isReference">
    /// Whether <paramref name="text"/> is a reference: boxes separated by prose still form one multi-part answer, a
    /// number after the last formula is not preferred to it, and any whole text is an answer.
    /// </param>
    /// <returns>
    /// <see cref="ExtractionStatus.Found"/> with <see cref="ExtractedAnswer.Source"/> and
    /// <see cref="ExtractedAnswer.PartCount"/>, <see cref="ExtractionStatus.Conflict"/> with the distinct candidates, or
    /// <see cref="ExtractionStatus.None"/>.
    /// </returns>
    public static ExtractedAnswer Find(string text, bool isReference = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = AnswerExtractor.StripThinking(text);
        var boxed = Boxed(text, isReference, out int lastBoxEnd, out string withoutEmptyBoxes);
        if (boxed.Status != ExtractionStatus.None)
        {
            // "... \boxed{200} ... \boxed{255} ... The final answer is $10,455$": a final statement after the boxes wins.
            int final = text.LastIndexOf("final answer is", StringComparison.OrdinalIgnoreCase);
            if (final > lastBoxEnd)
            {
                var stated = Anchored(text);
                if (stated.Status == ExtractionStatus.Found)
                {
                    return stated;
                }
            }
            return boxed;
        }
        // "The answer is \boxed{}." states nothing: an empty box is never read as an (empty) set by the later rules.
        text = withoutEmptyBoxes;
        if (text.Contains("####", StringComparison.Ordinal))
        {
            var gsm = AnswerExtractor.Gsm8k(text);
            if (gsm.Status == ExtractionStatus.Conflict)
            {
                return ExtractedAnswer.Conflict(gsm.Candidates, AnswerSource.Gsm8k);
            }
            if (gsm.IsFound)
            {
                return ExtractedAnswer.Found(gsm.Value, AnswerSource.Gsm8k);
            }
        }
        var anchored = Anchored(text);
        if (anchored.Status != ExtractionStatus.None)
        {
            return anchored;
        }
        var spans = MathSpans(text, out int count, out int spanEnd);
        if (spans is not null)
        {
            // "... $d = 90/n$ ... there are 12 sequences.": a number after the last formula is the answer.
            var after = NumberScanner.LastNumber(text.AsSpan(spanEnd));
            if (after is not null && !isReference)
            {
                return ExtractedAnswer.Found(after, AnswerSource.LastNumber);
            }
            return Parts(spans, AnswerSource.MathSpan, count);
        }
        string trimmed = text.Trim();
        if (trimmed.Length > 0 && (isReference || IsAnswerLike(trimmed)))
        {
            return ExtractedAnswer.Found(trimmed, AnswerSource.Whole);
        }
        return AnswerExtractor.LastNumber(text);
    }

    /// <summary>
    /// Short text without prose: "28 percent", "x = 3", "\frac{1}{2}". Two letters in a row of a script other than
    /// Latin ("计划的比例为13/28") are prose: those languages write words without spaces.
    /// </summary>
    private static bool IsAnswerLike(string text) => text.Length <= 120 && !HasProse(text);

    /// <summary>
    /// Whether the text has at least two words (runs of three or more Latin letters that are not a command or an
    /// environment name), or two letters in a row of another script.
    /// </summary>
    /// <param name="text">An answer.</param>
    public static bool HasProse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int words = 0;
        int run = 0;
        int other = 0;
        bool command = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsLetter(c) && !char.IsAscii(c) && c != 'π')
            {
                if (++other >= 2)
                {
                    return true;
                }
                continue;
            }
            other = 0;
            if (char.IsAsciiLetter(c))
            {
                run++;
                continue;
            }
            if (run >= 3 && !command)
            {
                words++;
            }
            if (command && c == '{' && (text.AsSpan(i - run, run).SequenceEqual("begin") || text.AsSpan(i - run, run).SequenceEqual("end")))
            {
                // "\begin{pmatrix}": the environment's name is not a word.
                int close = text.IndexOf('}', i);
                i = close < 0 ? text.Length : close;
                command = false;
                run = 0;
                continue;
            }
            command = c == '\\';
            run = 0;
        }
        if (run >= 3 && !command)
        {
            words++;
        }
        return words >= 2;
    }

    private static ExtractedAnswer Boxed(string text, bool isReference, out int lastEnd, out string withoutEmptyBoxes)
    {
        lastEnd = -1;
        withoutEmptyBoxes = text;
        var found = new List<BoxedSpan>();
        StringBuilder? cleaned = null;
        int copied = 0;
        foreach (var span in AnswerExtractor.FindBoxedSpans(text))
        {
            if (!string.IsNullOrWhiteSpace(span.Value))
            {
                found.Add(span);
                continue;
            }
            cleaned ??= new StringBuilder(text.Length);
            cleaned.Append(text, copied, span.Start - copied);
            copied = span.End;
        }
        if (cleaned is not null)
        {
            withoutEmptyBoxes = cleaned.Append(text, copied, text.Length - copied).ToString();
        }

        if (found.Count == 0)
        {
            return ExtractedAnswer.None;
        }
        lastEnd = found[^1].End;
        var distinct = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, _, _) in found)
        {
            if (keys.Add(WithoutSpace(value)))
            {
                distinct.Add(value);
            }
        }
        if (distinct.Count == 1)
        {
            return ExtractedAnswer.Found(distinct[0], AnswerSource.Boxed) with { Candidates = distinct };
        }
        for (int k = 1; k < found.Count && !isReference; k++)
        {
            if (!OnlySeparators(text.AsSpan(found[k - 1].End, found[k].Start - found[k - 1].End)))
            {
                return ExtractedAnswer.Conflict(distinct, AnswerSource.Boxed);
            }
        }
        return Parts(string.Join(", ", distinct), AnswerSource.Boxed, distinct.Count) with { Candidates = distinct };
    }

    /// <summary>Only punctuation, math delimiters, spacing commands and the words "and" / "or" (no prose).</summary>
    private static bool OnlySeparators(ReadOnlySpan<char> between)
    {
        int i = 0;
        while (i < between.Length)
        {
            char c = between[i];
            if (char.IsWhiteSpace(c) || c is ',' or ';' or '$' or '.' or '{' or '}' or '(' or ')' or '[' or ']' or '~')
            {
                i++;
                continue;
            }
            if (c == '\\')
            {
                int j = i + 1;
                while (j < between.Length && char.IsAsciiLetter(between[j]))
                {
                    j++;
                }
                var name = between[(i + 1)..j];
                if (name.Length == 0 || name is "quad" or "qquad" or "text" or "textbf" or "mathrm" or "hspace" or "\\")
                {
                    i = Math.Max(j, i + 2);
                    continue;
                }
                return false;
            }
            if (char.IsAsciiLetter(c))
            {
                int j = i;
                while (j < between.Length && char.IsAsciiLetter(between[j]))
                {
                    j++;
                }
                var word = between[i..j];
                if (!(word.Equals("and", StringComparison.OrdinalIgnoreCase) || word.Equals("or", StringComparison.OrdinalIgnoreCase)))
                {
                    return false;
                }
                i = j;
                continue;
            }
            return false;
        }
        return true;
    }

    private static ExtractedAnswer Anchored(string text)
    {
        int best = -1;
        int bestLength = 0;
        foreach (string anchor in Anchors)
        {
            int at = text.LastIndexOf(anchor, StringComparison.OrdinalIgnoreCase);
            if (at > best)
            {
                best = at;
                bestLength = anchor.Length;
            }
        }
        if (best < 0)
        {
            return ExtractedAnswer.None;
        }
        int start = best + bestLength;
        int end = text.IndexOf('\n', start);
        string segment = (end < 0 ? text[start..] : text[start..end]).Trim().TrimStart(':', '：', ' ');
        int hope = segment.IndexOf("I hope", StringComparison.OrdinalIgnoreCase);
        if (hope >= 0)
        {
            segment = segment[..hope].Trim();
        }
        // "Final Answer: The volume of $ABCDEFGH$ is 120.": the value follows the last "is".
        int isAt = segment.LastIndexOf(" is ", StringComparison.OrdinalIgnoreCase);
        if (isAt >= 0)
        {
            segment = segment[(isAt + 4)..].Trim();
        }
        var spans = MathSpans(segment, out int count, out _);
        if (spans is not null)
        {
            return Parts(spans, AnswerSource.Anchor, count);
        }
        segment = segment.TrimEnd('.', ' ', ':').Trim();
        if (segment.Length == 0)
        {
            return ExtractedAnswer.None;
        }
        if (IsAnswerLike(segment))
        {
            return ExtractedAnswer.Found(segment, AnswerSource.Anchor);
        }
        var last = NumberScanner.LastNumber(segment);
        return last is not null ? ExtractedAnswer.Found(last, AnswerSource.Anchor) : ExtractedAnswer.None;
    }

    /// <summary>The last math span ($...$, $$...$$, \(...\), \[...\]) plus earlier ones joined to it only by separators.</summary>
    private static string? MathSpans(string text, out int count, out int spansEnd)
    {
        spansEnd = text.Length;
        var spans = new List<(int Start, int End, int ContentStart, int ContentEnd)>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                char n = text[i + 1];
                if (n is '(' or '[')
                {
                    string close = n == '(' ? "\\)" : "\\]";
                    int end = text.IndexOf(close, i + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        break;
                    }
                    spans.Add((i, end + 2, i + 2, end));
                    i = end + 2;
                    continue;
                }
                i += 2;
                continue;
            }
            if (c == '$')
            {
                bool display = i + 1 < text.Length && text[i + 1] == '$';
                int contentStart = i + (display ? 2 : 1);
                int end = FindDollar(text, contentStart, display);
                if (end < 0)
                {
                    i = contentStart;
                    continue;
                }
                spans.Add((i, end + (display ? 2 : 1), contentStart, end));
                i = end + (display ? 2 : 1);
                continue;
            }
            i++;
        }
        count = 0;
        for (int k = spans.Count - 1; k >= 0; k--)
        {
            if (text.AsSpan(spans[k].ContentStart, spans[k].ContentEnd - spans[k].ContentStart).Trim().Trim('.').IsEmpty)
            {
                spans.RemoveAt(k);
            }
        }
        if (spans.Count == 0)
        {
            return null;
        }
        int first = spans.Count - 1;
        while (first > 0 && OnlySeparators(text.AsSpan(spans[first - 1].End, spans[first].Start - spans[first - 1].End))
            && HasSeparatorWordOrComma(text.AsSpan(spans[first - 1].End, spans[first].Start - spans[first - 1].End)))
        {
            first--;
        }
        var sb = new StringBuilder();
        for (int k = first; k < spans.Count; k++)
        {
            if (sb.Length > 0)
            {
                sb.Append(", ");
            }
            sb.Append(text.AsSpan(spans[k].ContentStart, spans[k].ContentEnd - spans[k].ContentStart).Trim());
        }
        count = spans.Count - first;
        spansEnd = spans[^1].End;
        return sb.ToString();
    }

    private static bool HasSeparatorWordOrComma(ReadOnlySpan<char> s) =>
        s.Contains(',') || s.Contains("and", StringComparison.OrdinalIgnoreCase) || s.Contains(" or ", StringComparison.OrdinalIgnoreCase);

    private static int FindDollar(string text, int from, bool display)
    {
        for (int k = from; k < text.Length; k++)
        {
            char c = text[k];
            if (c == '\\')
            {
                k++;
                continue;
            }
            if (c == '$')
            {
                if (!display)
                {
                    return k;
                }
                if (k + 1 < text.Length && text[k + 1] == '$')
                {
                    return k;
                }
            }
        }
        return -1;
    }

    private static ExtractedAnswer Parts(string joined, AnswerSource source, int count) =>
        ExtractedAnswer.Found(joined, source) with { PartCount = count };

    private static string WithoutSpace(string s)
    {
        if (!s.AsSpan().ContainsAny(" \t\n\r"))
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
