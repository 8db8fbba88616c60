using System.Text;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Math.Extraction;

/// <summary>
/// Finds the final answer of a completion: boxed answers first, then a GSM8K <c>####</c> line, then an
/// "answer is" sentence, then the last math span, then the whole text when it is short, then the last number.
/// Several distinct boxed answers conflict unless only separators ("and", commas, <c>\quad</c>) stand between them,
/// in which case they form one multi-part answer (which can only match a reference with as many parts).
/// All scanners are linear; no regular expressions.
/// </summary>
internal static class FinalAnswerFinder
{
    /// <summary>Answer sentences in the languages models answer in; the last one in the text wins.</summary>
    private static readonly string[] Anchors =
    [
        "final answer is", "answer is", "answer:", "answer :", "réponse est", "réponse:", "réponse :", "respuesta es",
        "respuesta:", "respuesta :", "antwort ist", "antwort:", "risposta è", "risposta:", "resposta é", "resposta:",
        "答案是", "答案为", "答案：", "答案:", "答：",
    ];

    public static FinalAnswer Find(string text, bool isReference)
    {
        text = AnswerExtractor.StripThinking(text);
        var boxed = Boxed(text, isReference, out int lastBoxEnd, out string withoutEmptyBoxes);
        if (boxed.Status != FinalAnswerStatus.None)
        {
            // "... \boxed{200} ... \boxed{255} ... The final answer is $10,455$": a final statement after the boxes wins.
            int final = text.LastIndexOf("final answer is", StringComparison.OrdinalIgnoreCase);
            if (final > lastBoxEnd)
            {
                var stated = Anchored(text);
                if (stated.Status == FinalAnswerStatus.Found)
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
                return FinalAnswer.Conflict("gsm8k", gsm.Candidates.Count);
            }
            if (gsm.IsFound)
            {
                return new FinalAnswer(FinalAnswerStatus.Found, gsm.Value, "gsm8k", 1);
            }
        }
        var anchored = Anchored(text);
        if (anchored.Status != FinalAnswerStatus.None)
        {
            return anchored;
        }
        var spans = MathSpans(text, out int count, out int spanEnd);
        if (spans is not null)
        {
            // "... $d = 90/n$ ... there are 12 sequences.": a number after the last formula is the answer.
            var after = LastNumber(text.AsSpan(spanEnd));
            if (after is not null && !isReference)
            {
                return new FinalAnswer(FinalAnswerStatus.Found, after, "last_number", 1);
            }
            return new FinalAnswer(FinalAnswerStatus.Found, spans, "math", count);
        }
        string trimmed = text.Trim();
        if (trimmed.Length > 0 && (isReference || IsAnswerLike(trimmed)))
        {
            return new FinalAnswer(FinalAnswerStatus.Found, trimmed, "whole", 1);
        }
        var last = LastNumber(text);
        return last is not null ? new FinalAnswer(FinalAnswerStatus.Found, last, "last_number", 1) : FinalAnswer.None;
    }

    /// <summary>
    /// The last number: sign, thousands separators ("7,425,000"), a decimal point or a decimal comma ("2,74"),
    /// and a fraction "2/3"; null when there is none.
    /// </summary>
    public static string? LastNumber(ReadOnlySpan<char> text)
    {
        int i = text.Length - 1;
        while (i >= 0 && !char.IsAsciiDigit(text[i]))
        {
            i--;
        }
        if (i < 0)
        {
            return null;
        }
        int end = i + 1;
        int start = NumberStart(text, end);
        if (start >= 2 && text[start - 1] == '/' && char.IsAsciiDigit(text[start - 2]))
        {
            start = NumberStart(text, start - 1);
        }
        if (start > 0 && text[start - 1] == '-' && (start < 2 || !char.IsLetterOrDigit(text[start - 2])))
        {
            start--;
        }
        if (EnclosingFraction(text, start, end) is { } fraction)
        {
            // "the ratio is \frac{2}{5}": the last number is the fraction, not its denominator.
            return fraction;
        }
        var number = text[start..end];
        if (!number.Contains(','))
        {
            return number.ToString();
        }
        // Commas before exactly three digits group thousands; a single other comma is a decimal comma.
        int lastComma = number.LastIndexOf(',');
        int groupDigits = 0;
        while (lastComma + 1 + groupDigits < number.Length && char.IsAsciiDigit(number[lastComma + 1 + groupDigits]))
        {
            groupDigits++;
        }
        bool thousands = groupDigits == 3;
        var sb = new StringBuilder(number.Length);
        foreach (char c in number)
        {
            if (c != ',')
            {
                sb.Append(c);
            }
            else if (!thousands)
            {
                sb.Append('.');
            }
        }
        return sb.ToString();
    }

    /// <summary>The outermost "\frac{..}{..}" / "\sqrt{..}" (with a sign before it) around [start, end); null when none.</summary>
    private static string? EnclosingFraction(ReadOnlySpan<char> text, int start, int end)
    {
        int from = -1;
        int to = -1;
        for (int round = 0; round < 8; round++)
        {
            int command = EnclosingCommand(text, start, end, out int commandEnd);
            if (command < 0)
            {
                break;
            }
            (from, to, start, end) = (command, commandEnd, command, commandEnd);
        }
        if (from < 0)
        {
            return null;
        }
        int sign = from - 1;
        while (sign >= 0 && text[sign] == ' ')
        {
            sign--;
        }
        if (sign >= 0 && text[sign] == '-' && (sign == 0 || !char.IsLetterOrDigit(text[sign - 1])))
        {
            from = sign;
        }
        return text[from..to].ToString();
    }

    /// <summary>Start of the nearest "\frac"-like or "\sqrt" command whose arguments contain [start, end); -1 when none.</summary>
    private static int EnclosingCommand(ReadOnlySpan<char> text, int start, int end, out int commandEnd)
    {
        commandEnd = -1;
        int searchEnd = start;
        for (int tries = 0; tries < 4; tries++)
        {
            int at = System.Math.Max(text[..searchEnd].LastIndexOf("\\frac"), System.Math.Max(
                System.Math.Max(text[..searchEnd].LastIndexOf("\\dfrac"), text[..searchEnd].LastIndexOf("\\tfrac")),
                System.Math.Max(text[..searchEnd].LastIndexOf("\\cfrac"), text[..searchEnd].LastIndexOf("\\sqrt"))));
            if (at < 0 || start - at > 400)
            {
                return -1;
            }
            int i = at + 1;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }
            bool sqrt = text[(at + 1)..i].SequenceEqual("sqrt");
            if (sqrt && i < text.Length && text[i] == '[')
            {
                int close = text[i..].IndexOf(']');
                i = close < 0 ? text.Length : i + close + 1;
            }
            for (int arg = 0; arg < (sqrt ? 1 : 2) && i < text.Length; arg++)
            {
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }
                i = i < text.Length && text[i] == '{' ? GroupEnd(text, i) : i + 1;
                if (i < 0)
                {
                    break;
                }
            }
            if (i > 0 && i >= end && i <= text.Length)
            {
                commandEnd = i;
                return at;
            }
            searchEnd = at;
        }
        return -1;
    }

    /// <summary>Index after the brace group that opens at <paramref name="open"/> (or the text's end when unclosed).</summary>
    private static int GroupEnd(ReadOnlySpan<char> text, int open)
    {
        int depth = 0;
        for (int k = open; k < text.Length; k++)
        {
            if (text[k] == '{')
            {
                depth++;
            }
            else if (text[k] == '}' && --depth == 0)
            {
                return k + 1;
            }
        }
        return -1;
    }

    private static int NumberStart(ReadOnlySpan<char> text, int end)
    {
        int start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }
        while (start >= 2 && (text[start - 1] == '.' || text[start - 1] == ',') && char.IsAsciiDigit(text[start - 2]))
        {
            start--;
            while (start > 0 && char.IsAsciiDigit(text[start - 1]))
            {
                start--;
            }
        }
        return start;
    }

    /// <summary>
    /// Short text without prose: "28 percent", "x = 3", "\frac{1}{2}". Two letters in a row of a script other than
    /// Latin ("计划的比例为13/28") are prose: those languages write words without spaces.
    /// </summary>
    internal static bool IsAnswerLike(string text) => text.Length <= 120 && !HasProse(text);

    /// <summary>
    /// Whether the text has at least two words (runs of three or more Latin letters that are not a command or an
    /// environment name), or two letters in a row of another script.
    /// </summary>
    internal static bool HasProse(string text)
    {
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

    private static FinalAnswer Boxed(string text, bool isReference, out int lastEnd, out string withoutEmptyBoxes)
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
            return FinalAnswer.None;
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
            return new FinalAnswer(FinalAnswerStatus.Found, distinct[0], "boxed", 1);
        }
        for (int k = 1; k < found.Count && !isReference; k++)
        {
            if (!OnlySeparators(text.AsSpan(found[k - 1].End, found[k].Start - found[k - 1].End)))
            {
                return FinalAnswer.Conflict("boxed", distinct.Count) with { Candidates = distinct };
            }
        }
        return new FinalAnswer(FinalAnswerStatus.Found, string.Join(", ", distinct), "boxed", distinct.Count) { Candidates = distinct };
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
                    i = System.Math.Max(j, i + 2);
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

    private static FinalAnswer Anchored(string text)
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
            return FinalAnswer.None;
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
            return new FinalAnswer(FinalAnswerStatus.Found, spans, "anchor", count);
        }
        segment = segment.TrimEnd('.', ' ', ':').Trim();
        if (segment.Length == 0)
        {
            return FinalAnswer.None;
        }
        if (IsAnswerLike(segment))
        {
            return new FinalAnswer(FinalAnswerStatus.Found, segment, "anchor", 1);
        }
        var last = LastNumber(segment);
        return last is not null ? new FinalAnswer(FinalAnswerStatus.Found, last, "anchor", 1) : FinalAnswer.None;
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
