using CsCheck;
using Rlvr.Core.Extraction;

namespace Rlvr.Core.Tests.Extraction;

public class AnswerExtractorTests
{
    [Theory]
    [InlineData(@"so \boxed{42}.", "42")]
    [InlineData(@"\boxed{\frac{1}{2}}", @"\frac{1}{2}")]
    [InlineData(@"\boxed{ {a}{b{c}} }", "{a}{b{c}}")]
    [InlineData(@"\fbox{7}", "7")]
    [InlineData(@"$\boxed 5$", "5")]
    [InlineData(@"\boxed{\{1,2\}}", @"\{1,2\}")]
    [InlineData(@"first \boxed{3} then again \boxed{ 3 }", "3")]
    public void Boxed_Found(string text, string expected)
    {
        var answer = AnswerExtractor.Boxed(text);
        Assert.Equal(ExtractionStatus.Found, answer.Status);
        Assert.Equal(expected, answer.Value);
    }

    [Theory]
    [InlineData("the answer is 42")]
    [InlineData(@"\boxed{}")]
    [InlineData(@"\boxed{unbalanced")]
    [InlineData(@"\boxedx{4}")]
    [InlineData("")]
    public void Boxed_None(string text)
    {
        var answer = AnswerExtractor.Boxed(text);
        Assert.Equal(ExtractionStatus.None, answer.Status);
        Assert.Null(answer.Value);
    }

    [Fact]
    public void Boxed_DistinctAnswers_Conflict_UnlessTakeLast()
    {
        const string text = @"Either \boxed{3} or \boxed{4}.";
        Assert.Equal(ExtractionStatus.Conflict, AnswerExtractor.Boxed(text).Status);
        Assert.Equal(["3", "4"], AnswerExtractor.Boxed(text).Candidates);
        Assert.Equal("4", AnswerExtractor.Boxed(text, MultipleAnswerPolicy.TakeLast).Value);
    }

    [Theory]
    [InlineData("<think>maybe 3</think>The answer is 4", "The answer is 4")]
    [InlineData("reasoning without open tag</think> final", " final")]
    [InlineData("<think>a</think>x<think>b</think>y", "y")]
    [InlineData("answer first <think>never closed \\boxed{9}", "answer first ")]
    [InlineData("no thinking", "no thinking")]
    [InlineData("<THINK>x</THINK>y", "y")]
    public void StripThinking_RemovesReasoning(string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.StripThinking(text));

    [Fact]
    public void StripThinking_AnswerOnlyInThinking_IsNoAnswer()
    {
        string visible = AnswerExtractor.StripThinking(@"<think>\boxed{4}</think>I am not sure.");
        Assert.Equal(ExtractionStatus.None, AnswerExtractor.Boxed(visible).Status);
    }

    [Theory]
    [InlineData("<answer> 12 </answer>", "12")]
    [InlineData("<answer>x</answer> and <ANSWER>x</ANSWER>", "x")]
    [InlineData("<answer></answer><answer>5</answer>", "5")]
    public void Tagged_Found(string text, string expected) => Assert.Equal(expected, AnswerExtractor.Tagged(text).Value);

    [Theory]
    [InlineData("<answer>1</answer><answer>2</answer>", ExtractionStatus.Conflict)]
    [InlineData("<answer>1", ExtractionStatus.None)]
    [InlineData("no tags", ExtractionStatus.None)]
    public void Tagged_NotFound(string text, ExtractionStatus status) => Assert.Equal(status, AnswerExtractor.Tagged(text).Status);

    [Theory]
    [InlineData("She pays 3 + 4 = 7 dollars.\n#### 7", "7")]
    [InlineData("#### 1,234", "1234")]
    [InlineData("#### $18.", "18")]
    [InlineData("#### -5\n", "-5")]
    [InlineData("#### $1,000,000.", "1000000")]
    [InlineData("#### 1,2", "1,2")]
    [InlineData("#### 3, 4", "3, 4")]
    public void Gsm8k_Found(string text, string expected) => Assert.Equal(expected, AnswerExtractor.Gsm8k(text).Value);

    [Theory]
    [InlineData("1,234", "1234")]
    [InlineData("1,234,567.89", "1234567.89")]
    [InlineData("-12,345 apples and 6,789", "-12345 apples and 6789")]
    [InlineData("1,2", "1,2")]
    [InlineData("12,34", "12,34")]
    [InlineData("3, 4", "3, 4")]
    [InlineData("1,2345", "1,2345")]
    [InlineData("1,234,56", "1,234,56")]
    [InlineData("1234,567", "1234,567")]
    [InlineData("(1,234)", "(1,234)")]
    [InlineData("x = 1,234", "x = 1234")]
    [InlineData("0.123,456", "0.123,456")]
    [InlineData("no digits, just words", "no digits, just words")]
    public void StripThousandsSeparators_OnlyGroupingCommas(string text, string expected) =>
        Assert.Equal(expected, AnswerExtractor.StripThousandsSeparators(text));

    [Fact]
    public void StripThousandsSeparators_KeepsWhatAllowThousandsWouldJoin()
    {
        // .NET's NumberStyles.AllowThousands ignores group sizes, so parsing alone is not a fix (docs RLVR1016).
        Assert.Equal(12m, decimal.Parse("1,2", System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1,2", AnswerExtractor.StripThousandsSeparators("1,2"));
    }

    [Fact]
    public void Gsm8k_TwoDifferentAnswers_Conflict() =>
        Assert.Equal(ExtractionStatus.Conflict, AnswerExtractor.Gsm8k("#### 5\n#### 6").Status);

    [Theory]
    [InlineData("It costs 1,234.50 dollars", "1234.50")]
    [InlineData("x = -3", "-3")]
    [InlineData("range 3-4", "4")]
    [InlineData("The answer is 18.", "18")]
    [InlineData("values 1,2,3", "3")]
    [InlineData("v2 is 0.5", "0.5")]
    [InlineData("about 2,74 euros", "2.74")]
    [InlineData("12,34", "12.34")]
    [InlineData("7,425,000 people", "7425000")]
    [InlineData("1,234,56", "56")]
    [InlineData("the ratio is \\frac{2}{5}", "\\frac{2}{5}")]
    [InlineData("odds of -2/3", "-2/3")]
    public void LastNumber_Found(string text, string expected) => Assert.Equal(expected, AnswerExtractor.LastNumber(text).Value);

    [Fact]
    public void LastNumber_NoDigits_None() => Assert.Equal(ExtractionStatus.None, AnswerExtractor.LastNumber("none here").Status);

    [Fact]
    public void FencedCode_PrefersLastBlockInLanguage()
    {
        const string text = "Example:\n```python\nprint(1)\n```\nand C#:\n```cs\nConsole.WriteLine();\n```\nFinal:\n```py\ndef f():\n    return 2\n```\ntrailing";
        Assert.Equal("def f():\n    return 2", AnswerExtractor.FencedCode(text, "python").Value);
        Assert.Equal("Console.WriteLine();", AnswerExtractor.FencedCode(text, "csharp").Value);
        Assert.Equal("def f():\n    return 2", AnswerExtractor.FencedCode(text).Value);
        Assert.Equal(ExtractionStatus.None, AnswerExtractor.FencedCode(text, "rust").Status);
    }

    [Fact]
    public void FencedCode_UnlabeledBlockUsedForAnyLanguage_UnclosedRunsToEnd()
    {
        Assert.Equal("x = 1", AnswerExtractor.FencedCode("```\nx = 1\n```", "python").Value);
        var blocks = AnswerExtractor.FindFencedBlocks("```python\nx = 1\ny = 2");
        Assert.Single(blocks);
        Assert.False(blocks[0].Closed);
        Assert.Equal("x = 1\ny = 2", blocks[0].Code);
        Assert.Equal(ExtractionStatus.None, AnswerExtractor.FencedCode("no code", "python").Status);
    }

    [Fact]
    public void Property_NoMarker_NeverFallsBackToCompletion()
    {
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz ,.!?()=+-"], 0, 200].Sample(text =>
            AnswerExtractor.Boxed(text).Status == ExtractionStatus.None
            && AnswerExtractor.Tagged(text).Status == ExtractionStatus.None
            && AnswerExtractor.Gsm8k(text).Status == ExtractionStatus.None
            && AnswerExtractor.FencedCode(text).Status == ExtractionStatus.None
            && AnswerExtractor.LastNumber(text).Status == ExtractionStatus.None, iter: 2000);
    }

    [Fact]
    public void Property_BoxedBalancedContent_RoundTrips()
    {
        var atom = Gen.String[Gen.Char["abcxyz0123456789+-*/^ "], 1, 8];
        var balanced = atom.Select(a => a.Trim()).Where(a => a.Length > 0)
            .SelectMany(a => Gen.Int[0, 3].Select(depth => new string('{', depth) + a + new string('}', depth)));
        Gen.Select(Gen.String[Gen.Char["abc .,"], 0, 30], balanced, Gen.String[Gen.Char["abc .,"], 0, 30]).Sample(t =>
        {
            var (before, content, after) = t;
            var answer = AnswerExtractor.Boxed(before + "\\boxed{" + content + "}" + after);
            return answer.IsFound && answer.Value == content;
        }, iter: 2000);
    }

    [Fact]
    public void Property_ArbitraryText_NeverThrowsAndFoundIsSubstring()
    {
        Gen.String[Gen.Char["\\{}boxed#0123456789<>/answer think`\n-.,"], 0, 300].Sample(text =>
        {
            var answers = new[]
            {
                AnswerExtractor.Boxed(text), AnswerExtractor.Tagged(text), AnswerExtractor.Gsm8k(text), AnswerExtractor.FencedCode(text),
            };
            _ = AnswerExtractor.StripThinking(text);
            _ = AnswerExtractor.LastNumber(text);
            return answers.All(a => a.Status != ExtractionStatus.Found || a.Value!.Length <= text.Length);
        }, iter: 5000);
    }
}
