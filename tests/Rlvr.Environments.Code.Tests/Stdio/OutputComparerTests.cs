using System.Globalization;
using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Tests.Stdio;

public class OutputComparerTests
{
    [Theory]
    [InlineData("0 0 0 2 4 \n0 91 \n", "0 0 0 2 4\n0 91")]
    [InlineData("YES\r\nNO\r\n", "YES\nNO\n\n\n")]
    [InlineData("a  b\n", "a b\n")]
    public void Matches_SameTokensAndLines_True(string expected, string actual) => Assert.True(OutputComparer.Matches(expected, actual));

    [Theory]
    [InlineData("1 2\n", "1\n2\n")]
    [InlineData("YES\n", "yes\n")]
    [InlineData("1\n", "1.0\n")]
    [InlineData("1\n2\n", "1\n")]
    [InlineData("1\n", "")]
    public void Matches_DifferentTokensOrLines_False(string expected, string actual) => Assert.False(OutputComparer.Matches(expected, actual));

    [Fact]
    public void Matches_DeclaredTolerance_AcceptsCloseNumbersOnly()
    {
        var tolerance = new FloatTolerance(1e-4, 1e-4);
        Assert.True(OutputComparer.Matches("1.68040\n", "1.68045\n", tolerance));
        Assert.True(OutputComparer.Matches("100000.0\n", "100005.0\n", tolerance));
        Assert.False(OutputComparer.Matches("1.68040\n", "1.6806\n", tolerance));
        Assert.False(OutputComparer.Matches("1.68040\n", "1.68040\n", null) == false);
        Assert.False(OutputComparer.Matches("1.5\n", "nan\n", tolerance));
    }

    [Fact]
    public void Matches_TokensOnly_IgnoresLineBreaksButNotTokens()
    {
        Assert.True(OutputComparer.Matches("0\n0\n91\n", "0 0 91\n", keepLineStructure: false));
        Assert.False(OutputComparer.Matches("0\n0\n91\n", "0 0 91\n"));
        Assert.False(OutputComparer.Matches("0\n0\n91\n", "0 91 0\n", keepLineStructure: false));
    }

    [Fact]
    public void Matches_RandomTexts_AgreesWithTheLineSplittingDefinition()
    {
        // The comparer walks spans; the definition it must keep splits strings: "\r\n" to "\n", lines trimmed at the
        // end, trailing blank lines dropped, tokens split on char.IsWhiteSpace.
        string[] pieces = ["1", "1.0", "1.00001", "a", "A", " ", "  ", "\n", "\r", "\r\n", "\t", "\u00a0", "\u0085", "\u2028", "\ufffd", "-0", "nan", "1e3"];
        var random = new Random(14);
        var tolerance = new FloatTolerance(1e-4, 1e-4);
        for (int i = 0; i < 20_000; i++)
        {
            string expected = Text(random, pieces);
            string actual = random.Next(3) == 0 ? expected : random.Next(2) == 0 ? Mutate(random, expected, pieces) : Text(random, pieces);
            foreach (bool lines in new[] { true, false })
            {
                foreach (var t in new[] { null, tolerance })
                {
                    Assert.True(
                        Definition(expected, actual, t, lines) == OutputComparer.Matches(expected, actual, t, lines),
                        $"expected {Escape(expected)}, actual {Escape(actual)}, lines {lines}, tolerance {t is not null}");
                }
            }
        }
    }

    private static string Text(Random random, string[] pieces) =>
        string.Concat(Enumerable.Range(0, random.Next(8)).Select(_ => pieces[random.Next(pieces.Length)]));

    private static string Mutate(Random random, string text, string[] pieces) =>
        random.Next(2) == 0 ? text + pieces[random.Next(pieces.Length)] : pieces[random.Next(pieces.Length)] + text;

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and < '\u007f' ? c.ToString() : $"\\u{(int)c:x4}"));

    private static bool Definition(string expected, string actual, FloatTolerance? tolerance, bool keepLineStructure)
    {
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
            if (et.Length != at.Length || et.Where((token, j) => !TokenMatches(token, at[j], tolerance)).Any())
            {
                return false;
            }
        }

        return true;
    }

    private static bool TokenMatches(string expected, string actual, FloatTolerance? tolerance)
    {
        if (expected == actual)
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
