namespace Rlvr.Core.Extraction;

/// <summary>
/// Finds final answers in completions. Every extractor returns <see cref="ExtractionStatus.None"/> when it finds
/// nothing (never the whole completion) and, by default, <see cref="ExtractionStatus.Conflict"/> when a
/// completion gives several distinct final answers of one kind. Hand-written scanners: linear time, no regex.
/// </summary>
public static class AnswerExtractor
{
    private const string ThinkOpen = "<think>";
    private const string ThinkClose = "</think>";

    /// <summary>
    /// Removes reasoning: everything up to the last <c>&lt;/think&gt;</c>, and everything from an unclosed
    /// <c>&lt;think&gt;</c> on (an answer that exists only inside thinking is no answer).
    /// </summary>
    /// <param name="text">The completion text.</param>
    public static string StripThinking(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int close = text.LastIndexOf(ThinkClose, StringComparison.OrdinalIgnoreCase);
        if (close >= 0)
        {
            text = text[(close + ThinkClose.Length)..];
        }

        int open = text.IndexOf(ThinkOpen, StringComparison.OrdinalIgnoreCase);
        return open >= 0 ? text[..open] : text;
    }

    /// <summary>Every <c>\boxed{...}</c> and <c>\fbox{...}</c> content (nested braces kept), in order.</summary>
    /// <param name="text">The text to scan.</param>
    public static IReadOnlyList<string> FindBoxed(string text) => FindBoxedSpans(text).Select(s => s.Value).ToList();

    /// <summary>
    /// Every <c>\boxed{...}</c> and <c>\fbox{...}</c> with its position, in order (for callers that judge the
    /// text between boxes). An unbalanced box ends the scan: nothing after it can be a complete box.
    /// </summary>
    /// <param name="text">The text to scan.</param>
    public static IReadOnlyList<BoxedSpan> FindBoxedSpans(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<BoxedSpan>();
        int i = 0;
        while (i < text.Length)
        {
            int slash = text.IndexOf('\\', i);
            if (slash < 0)
            {
                break;
            }

            int after = MatchCommand(text, slash, "boxed");
            if (after < 0)
            {
                after = MatchCommand(text, slash, "fbox");
            }

            if (after < 0)
            {
                i = slash + 1;
                continue;
            }

            int j = after;
            while (j < text.Length && text[j] == ' ')
            {
                j++;
            }

            if (j < text.Length && text[j] == '{')
            {
                int end = MatchingBrace(text, j);
                if (end < 0)
                {
                    break;
                }

                found.Add(new BoxedSpan(text[(j + 1)..end].Trim(), slash, end + 1));
                i = end + 1;
            }
            else if (j > after && j < text.Length)
            {
                // "\boxed 5": TeX takes the next token.
                int end = j;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] != '$')
                {
                    end++;
                }

                found.Add(new BoxedSpan(text[j..end], slash, end));
                i = end;
            }
            else
            {
                i = after;
            }
        }

        return found;
    }

    /// <summary>The final <c>\boxed{}</c> answer; empty boxes are ignored.</summary>
    /// <param name="text">The completion (thinking already stripped).</param>
    /// <param name="policy">What to do with distinct boxed answers.</param>
    public static ExtractedAnswer Boxed(string text, MultipleAnswerPolicy policy = MultipleAnswerPolicy.RejectDistinct) =>
        FromCandidates(FindBoxed(text), policy, AnswerSource.Boxed);

    /// <summary>The content of <c>&lt;tag&gt;...&lt;/tag&gt;</c> blocks; empty blocks are ignored.</summary>
    /// <param name="text">The completion (thinking already stripped).</param>
    /// <param name="tag">The tag name, default <c>answer</c>.</param>
    /// <param name="policy">What to do with distinct tagged answers.</param>
    public static ExtractedAnswer Tagged(string text, string tag = "answer", MultipleAnswerPolicy policy = MultipleAnswerPolicy.RejectDistinct)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        string open = "<" + tag + ">";
        string close = "</" + tag + ">";
        var found = new List<string>();
        int i = 0;
        while (true)
        {
            int start = text.IndexOf(open, i, StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                break;
            }

            int contentStart = start + open.Length;
            int end = text.IndexOf(close, contentStart, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                break;
            }

            found.Add(text[contentStart..end].Trim());
            i = end + close.Length;
        }

        return FromCandidates(found, policy, AnswerSource.Tagged);
    }

    /// <summary>
    /// The GSM8K answer: the text after <c>####</c> up to the end of its line, without thousands separators,
    /// a currency sign or a final period.
    /// </summary>
    /// <param name="text">The completion or a GSM8K reference solution.</param>
    /// <param name="policy">What to do with distinct <c>####</c> answers.</param>
    public static ExtractedAnswer Gsm8k(string text, MultipleAnswerPolicy policy = MultipleAnswerPolicy.RejectDistinct)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        int i = 0;
        while (true)
        {
            int mark = text.IndexOf("####", i, StringComparison.Ordinal);
            if (mark < 0)
            {
                break;
            }

            int start = mark + 4;
            while (start < text.Length && text[start] == '#')
            {
                start++;
            }

            int end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }

            string value = StripThousandsSeparators(text[start..end].Trim()).TrimStart('$').TrimEnd('.').Trim();
            found.Add(value);
            i = end;
        }

        return FromCandidates(found, policy, AnswerSource.Gsm8k);
    }

    /// <summary>
    /// The last number in the text, read by the one rule of <see cref="FinalAnswerExtractor"/>: sign, a fraction
    /// <c>2/3</c> (or the <c>\frac{}{}</c> around the number), commas each followed by exactly three digits group
    /// thousands and are removed (<c>7,425,000</c>), a single other comma is a decimal comma (<c>2,74</c> becomes
    /// <c>2.74</c>), several commas that do not group thousands separate a list (<c>1,2,3</c> gives <c>3</c>).
    /// By definition this never conflicts.
    /// </summary>
    /// <param name="text">The completion (thinking already stripped).</param>
    public static ExtractedAnswer LastNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? number = NumberScanner.LastNumber(text);
        return number is null ? ExtractedAnswer.None : ExtractedAnswer.Found(number, AnswerSource.LastNumber);
    }

    /// <summary>
    /// Removes the commas that group thousands ("1,234,567.5" becomes "1234567.5") and keeps every other comma,
    /// so that separate numbers are never joined: "1,2", "3, 4", "12,34" and "(1,234)" stay as they are (a blind
    /// <c>Replace(",", "")</c> would turn them into 12, 34 and 1234, see RLVR1016).
    /// </summary>
    /// <param name="text">An answer.</param>
    public static string StripThousandsSeparators(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOf(',', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var result = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                result.Append(text[i]);
                i++;
                continue;
            }

            int digitsEnd = i;
            while (digitsEnd < text.Length && char.IsAsciiDigit(text[digitsEnd]))
            {
                digitsEnd++;
            }

            // A grouped number: 1-3 leading digits, then ",ddd" groups, not glued to another number and not
            // opening a bracket, where "(1,234)" is more likely a pair than a thousand.
            int end = digitsEnd;
            bool standalone = i == 0 || text[i - 1] is not (',' or '.' or '(' or '[' or '{');
            if (standalone && digitsEnd - i <= 3)
            {
                while (end + 3 < text.Length
                    && text[end] == ','
                    && char.IsAsciiDigit(text[end + 1]) && char.IsAsciiDigit(text[end + 2]) && char.IsAsciiDigit(text[end + 3])
                    && (end + 4 == text.Length || !char.IsAsciiDigit(text[end + 4])))
                {
                    end += 4;
                }

                if (end < text.Length - 1 && text[end] == ',' && char.IsAsciiDigit(text[end + 1]))
                {
                    end = digitsEnd; // "1,234,56": not a grouped number after all
                }
            }

            for (int k = i; k < end; k++)
            {
                if (text[k] != ',')
                {
                    result.Append(text[k]);
                }
            }

            i = end;
        }

        return result.ToString();
    }

    /// <summary>Every fenced code block (<c>```</c> or <c>~~~</c>), in order.</summary>
    /// <param name="text">The completion.</param>
    public static IReadOnlyList<FencedBlock> FindFencedBlocks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var blocks = new List<FencedBlock>();
        int pos = 0;
        while (pos < text.Length)
        {
            int lineEnd = LineEnd(text, pos);
            var line = text.AsSpan(pos, lineEnd - pos).TrimStart(' ');
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                char fence = line[0];
                int fenceLength = 0;
                while (fenceLength < line.Length && line[fenceLength] == fence)
                {
                    fenceLength++;
                }

                var info = line[fenceLength..].Trim();
                int space = info.IndexOfAny(' ', '\t');
                string language = (space < 0 ? info : info[..space]).ToString().ToLowerInvariant();
                int contentStart = Math.Min(lineEnd + 1, text.Length);
                int scan = contentStart;
                int contentEnd = -1;
                int next = text.Length;
                while (scan < text.Length)
                {
                    int end = LineEnd(text, scan);
                    var candidate = text.AsSpan(scan, end - scan).Trim();
                    if (candidate.Length >= fenceLength && candidate.TrimStart(fence).IsEmpty)
                    {
                        contentEnd = scan;
                        next = Math.Min(end + 1, text.Length);
                        break;
                    }

                    scan = end + 1;
                }

                bool closed = contentEnd >= 0;
                string code = text[contentStart..(closed ? contentEnd : text.Length)];
                blocks.Add(new FencedBlock(language, code.EndsWith('\n') ? code[..^1] : code, closed));
                pos = next;
            }
            else
            {
                pos = lineEnd + 1;
            }
        }

        return blocks;
    }

    /// <summary>
    /// The last fenced code block in <paramref name="language"/> (aliases such as <c>py</c>, <c>cs</c> understood),
    /// else the last block with no language; <see cref="ExtractionStatus.None"/> when there is neither.
    /// </summary>
    /// <param name="text">The completion (thinking already stripped).</param>
    /// <param name="language">The wanted language, or <see langword="null"/> for the last block of any language.</param>
    public static ExtractedAnswer FencedCode(string text, string? language = null)
    {
        var blocks = FindFencedBlocks(text);
        if (blocks.Count == 0)
        {
            return ExtractedAnswer.None;
        }

        if (language is null)
        {
            return ExtractedAnswer.Found(blocks[^1].Code, AnswerSource.FencedCode);
        }

        string wanted = CanonicalLanguage(language);
        var match = blocks.LastOrDefault(b => string.Equals(CanonicalLanguage(b.Language), wanted, StringComparison.Ordinal))
            ?? blocks.LastOrDefault(b => b.Language.Length == 0);
        return match is null ? ExtractedAnswer.None : ExtractedAnswer.Found(match.Code, AnswerSource.FencedCode);
    }

    private static string CanonicalLanguage(string language) => language.Trim().ToLowerInvariant() switch
    {
        "py" or "python3" or "py3" => "python",
        "cs" or "c#" or "csharp" => "csharp",
        "c++" or "cc" or "cxx" => "cpp",
        "sh" or "shell" => "bash",
        var other => other,
    };

    private static int LineEnd(string text, int pos)
    {
        int end = text.IndexOf('\n', pos);
        return end < 0 ? text.Length : end;
    }

    private static ExtractedAnswer FromCandidates(IReadOnlyList<string> values, MultipleAnswerPolicy policy, AnswerSource source)
    {
        var answer = ExtractedAnswer.FromCandidates(values.Where(v => v.Length > 0).ToList(), policy);
        return answer.Status == ExtractionStatus.None ? answer : answer with { Source = source };
    }

    private static int MatchCommand(string text, int slash, string name)
    {
        int end = slash + 1 + name.Length;
        if (end > text.Length || string.CompareOrdinal(text, slash + 1, name, 0, name.Length) != 0)
        {
            return -1;
        }

        // "\boxedx" is another command.
        return end < text.Length && char.IsAsciiLetter(text[end]) ? -1 : end;
    }

    private static int MatchingBrace(string text, int open)
    {
        int depth = 0;
        for (int k = open; k < text.Length; k++)
        {
            char c = text[k];
            if (c == '\\')
            {
                k++; // "\{" and "\}" are literal braces.
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return k;
            }
        }

        return -1;
    }
}
