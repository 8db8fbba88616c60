using System.Globalization;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// Compares program output with the expected output token by token, keeping line structure: the same number of
/// lines (trailing blank lines and trailing spaces ignored), the same tokens on each line; numeric tokens may
/// differ within a declared tolerance. Works over spans and allocates nothing, whatever the output's size.
/// </summary>
public static class OutputComparer
{
    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/>.</summary>
    /// <param name="expected">Expected output.</param>
    /// <param name="actual">The program's output.</param>
    /// <param name="tolerance">Declared numeric tolerance, or <see langword="null"/> for exact tokens.</param>
    /// <param name="keepLineStructure">Whether lines must match line by line, or only the token sequence.</param>
    public static bool Matches(string expected, string actual, FloatTolerance? tolerance = null, bool keepLineStructure = true)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        return Matches(expected.AsSpan(), actual.AsSpan(), tolerance, keepLineStructure);
    }

    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/>, without copying either.</summary>
    /// <param name="expected">Expected output.</param>
    /// <param name="actual">The program's output.</param>
    /// <param name="tolerance">Declared numeric tolerance, or <see langword="null"/> for exact tokens.</param>
    /// <param name="keepLineStructure">Whether lines must match line by line, or only the token sequence.</param>
    public static bool Matches(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual, FloatTolerance? tolerance = null, bool keepLineStructure = true)
    {
        // Trailing whitespace (blank lines, spaces, '\r') never counts; '\r' before '\n' is trailing whitespace of
        // its line, so "\r\n" and "\n" compare the same.
        expected = expected.TrimEnd();
        actual = actual.TrimEnd();
        if (!keepLineStructure)
        {
            // '\n' is whitespace: the whole text is one token sequence.
            return TokensMatch(expected, actual, tolerance);
        }

        while (true)
        {
            bool expectedLast = NextLine(ref expected, out var e);
            bool actualLast = NextLine(ref actual, out var a);
            if (!TokensMatch(e, a, tolerance))
            {
                return false;
            }

            if (expectedLast || actualLast)
            {
                return expectedLast && actualLast;
            }
        }
    }

    /// <summary>Takes the next line off <paramref name="text"/>; true when it was the last one.</summary>
    private static bool NextLine(ref ReadOnlySpan<char> text, out ReadOnlySpan<char> line)
    {
        int newline = text.IndexOf('\n');
        if (newline < 0)
        {
            line = text;
            text = default;
            return true;
        }

        line = text[..newline];
        text = text[(newline + 1)..];
        return false;
    }

    /// <summary>Whether two texts hold the same whitespace-separated tokens.</summary>
    private static bool TokensMatch(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual, FloatTolerance? tolerance)
    {
        while (true)
        {
            var e = NextToken(ref expected);
            var a = NextToken(ref actual);
            if (e.IsEmpty || a.IsEmpty)
            {
                return e.IsEmpty && a.IsEmpty;
            }

            if (!TokenMatches(e, a, tolerance))
            {
                return false;
            }
        }
    }

    /// <summary>Takes the next token (a run of non-whitespace) off <paramref name="text"/>; empty when none is left.</summary>
    private static ReadOnlySpan<char> NextToken(ref ReadOnlySpan<char> text)
    {
        int start = 0;
        while (start < text.Length && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        int end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var token = text[start..end];
        text = text[end..];
        return token;
    }

    private static bool TokenMatches(ReadOnlySpan<char> expected, ReadOnlySpan<char> actual, FloatTolerance? tolerance)
    {
        if (expected.SequenceEqual(actual))
        {
            return true;
        }

        if (tolerance is null
            || !double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out double e)
            || !double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
            || !double.IsFinite(e) || !double.IsFinite(a))
        {
            return false;
        }

        double diff = Math.Abs(a - e);
        return diff <= tolerance.Absolute || diff <= tolerance.Relative * Math.Abs(e);
    }
}
