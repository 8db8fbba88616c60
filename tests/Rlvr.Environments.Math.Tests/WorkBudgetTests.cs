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

    [Fact]
    public void Verify_DeepButShortNesting_EndsWithBudgetExceeded()
    {
        string nested = new string('(', 1_000) + "1" + new string(')', 1_000);

        var verdict = MathVerifier.Verify("1", "\\boxed{" + nested + "}");

        Assert.Equal(MathVerdictStatus.BudgetExceeded, verdict.Status);
        Assert.Contains("nesting", verdict.Detail, StringComparison.Ordinal);
    }

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
