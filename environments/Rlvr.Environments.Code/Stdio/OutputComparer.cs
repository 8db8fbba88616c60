using System.Globalization;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// Compares program output with the expected output token by token, keeping line structure: the same number of
/// lines (trailing blank lines and trailing spaces ignored), the same tokens on each line; numeric tokens may
/// differ within a declared tolerance.
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
        var e = keepLineStructure ? Lines(expected) : [string.Join(' ', Lines(expected))];
        var a = keepLineStructure ? Lines(actual) : [string.Join(' ', Lines(actual))];
        if (e.Count != a.Count)
        {
            return false;
        }

        for (int i = 0; i < e.Count; i++)
        {
            var et = e[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var at = a[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (et.Length != at.Length)
            {
                return false;
            }

            for (int j = 0; j < et.Length; j++)
            {
                if (!TokenMatches(et[j], at[j], tolerance))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool TokenMatches(string expected, string actual, FloatTolerance? tolerance)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
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

    private static List<string> Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
