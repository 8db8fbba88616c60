namespace Rlvr.Environments.Math.Tests;

public class WorkBudgetTests
{
    [Theory]
    [InlineData("\\boxed{2^{2^{2^{100}}}}")]
    [InlineData("\\boxed{10000!}")]
    [InlineData("\\boxed{(10^{100000})!}")]
    public void Verify_HugeValue_EndsWithBudgetExceeded(string completion)
    {
        var verdict = MathVerifier.Verify("4", completion);

        Assert.Equal(MathVerdictStatus.BudgetExceeded, verdict.Status);
        Assert.False(string.IsNullOrEmpty(verdict.Detail));
    }

    [Fact]
    public void Verify_TenThousandNestedParentheses_EndsWithBudgetExceeded()
    {
        string nested = new string('(', 10_000) + "1" + new string(')', 10_000);

        var verdict = MathVerifier.Verify("1", "\\boxed{" + nested + "}");

        Assert.Equal(MathVerdictStatus.BudgetExceeded, verdict.Status);
        Assert.Contains("longer than", verdict.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")", 200)]
    [InlineData("(", ")", 2000)]
    [InlineData("\\frac{1}{", "}", 400)]
    [InlineData("\\sqrt{", "}", 580)]
    [InlineData("-(", ")", 1000)]
    [InlineData("{", "}", 2000)]
    public void Verify_NestingThatFitsTheLengthLimit_IsParsed(string open, string close, int levels)
    {
        string nested = Nest(open, close, levels, "1");
        Assert.True(nested.Length <= MathEquivalenceOptions.Default.MaxAnswerLength);

        var verdict = MathVerifier.Verify(open == "-(" && levels % 2 == 1 ? "-1" : "1", "\\boxed{" + nested + "}");

        Assert.True(verdict.IsCorrect, verdict.ToString());
    }

    [Fact]
    public void Verify_DeepNestingOnASmallStack_MovesToALargeStack()
    {
        // A 256 KB thread runs out of stack long before 2,000 levels; the verdict must not depend on the caller's stack.
        string nested = Nest("(", ")", 2000, "x+1");
        MathVerdict? verdict = null;
        var thread = new Thread(() => verdict = MathVerifier.Verify("1 + x", "\\boxed{" + nested + "}"), 256 * 1024);

        thread.Start();
        thread.Join();

        Assert.NotNull(verdict);
        Assert.True(verdict.IsCorrect, verdict.ToString());
    }

    [Fact]
    public void Verify_NestingDeeperThanTheLargeStack_EndsWithBudgetExceeded()
    {
        var unlimited = new MathEquivalenceOptions { MaxAnswerLength = int.MaxValue, WorkBudget = long.MaxValue };
        string nested = Nest("(", ")", 100_000, "1");

        var verdict = MathVerifier.Verify("1", "\\boxed{" + nested + "}", unlimited);

        Assert.Equal(MathVerdictStatus.BudgetExceeded, verdict.Status);
        Assert.Contains("nesting too deep", verdict.Detail, StringComparison.Ordinal);
    }

    private static string Nest(string open, string close, int levels, string inner) =>
        string.Concat(Enumerable.Repeat(open, levels)) + inner + string.Concat(Enumerable.Repeat(close, levels));

    [Fact]
    public void Verify_OneMegabyteAnswer_EndsWithBudgetExceeded()
    {
        string huge = string.Concat(Enumerable.Repeat("1+", 500_000)) + "1";

        var verdict = MathVerifier.Verify("1", "\\boxed{" + huge + "}");

        Assert.Equal(MathVerdictStatus.BudgetExceeded, verdict.Status);
    }

    [Fact]
    public void Verify_LargeButAffordableValue_IsExact()
    {
        Assert.True(MathVerifier.Verify("2^{1000}", "\\boxed{2^{999} \\cdot 2}").IsCorrect);
        Assert.False(MathVerifier.Verify("2^{1000}", "\\boxed{2^{1000} + 1}").IsCorrect);
    }
}
