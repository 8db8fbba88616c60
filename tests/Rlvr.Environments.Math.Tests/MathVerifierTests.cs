namespace Rlvr.Environments.Math.Tests;

public class MathVerifierTests
{
    [Theory]
    [InlineData("18", "The answer is \\boxed{18}.")]
    [InlineData("7425000", "\\boxed{7,425,000}")]
    [InlineData("1000", "\\boxed{1 000}")]
    [InlineData("0.5", "\\boxed{\\frac{1}{2}}")]
    [InlineData("\\frac{1}{2}", "\\boxed{\\dfrac12}")]
    [InlineData("\\frac{1}{2}", "\\boxed{\\tfrac{1}{2}}")]
    [InlineData("2", "\\boxed{\\sqrt[3]{8}}")]
    [InlineData("6", "\\boxed{2 \\cdot 3}")]
    [InlineData("6", "\\boxed{2 \\times 3}")]
    [InlineData("8", "\\boxed{2^3}")]
    [InlineData("2x", "\\boxed{x + x}")]
    [InlineData("\\pi", "\\boxed{\\frac{2\\pi}{2}}")]
    [InlineData("e^2", "\\boxed{e \\cdot e}")]
    [InlineData("-1", "\\boxed{i^2}")]
    [InlineData("(1, \\infty)", "\\boxed{(1, +\\infty)}")]
    [InlineData("\\frac{\\sqrt{3}}{2}", "\\boxed{\\sin(\\pi/3)}")]
    [InlineData("\\frac{\\pi}{4}", "\\boxed{\\arctan 1}")]
    [InlineData("3", "\\boxed{\\log_2 8}")]
    [InlineData("1", "\\boxed{\\ln e}")]
    [InlineData("120", "\\boxed{5!}")]
    [InlineData("10", "\\boxed{\\binom{5}{2}}")]
    [InlineData("5", "\\boxed{\\left( 2 + 3 \\right)}")]
    [InlineData("90", "\\boxed{90^\\circ}")]
    [InlineData("28\\%", "\\boxed{28}")]
    [InlineData("1200", "\\boxed{1.2 \\times 10^3}")]
    [InlineData("0.00012", "\\boxed{1.2e-4}")]
    [InlineData("\\frac{7}{2}", "\\boxed{3\\frac{1}{2}}")]
    [InlineData("5", "\\boxed{5 \\text{ cm}}")]
    [InlineData("5", "\\boxed{5\\mathrm{ meters}}")]
    [InlineData("18", "\\boxed{18 apples}")]
    [InlineData("18", "She has \\boxed{18} apples left.")]
    [InlineData("[0, 1) \\cup (2, 3]", "\\boxed{(2,3] \\cup [0,1)}")]
    [InlineData("\\{1, 2, 3\\}", "\\boxed{\\{3, 2, 1\\}}")]
    [InlineData("(1, 2)", "\\boxed{(1,2)}")]
    [InlineData("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\boxed{\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}}")]
    [InlineData("\\begin{pmatrix} 2 & 4 \\\\ 6 & 8 \\end{pmatrix}", "\\boxed{2\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}}")]
    [InlineData("\\begin{pmatrix} 2 \\\\ 4 \\end{pmatrix}", "\\boxed{\\begin{pmatrix} 1 & 0 \\\\ 0 & 2 \\end{pmatrix} \\begin{pmatrix} 2 \\\\ 2 \\end{pmatrix}}")]
    [InlineData("x = 3", "\\boxed{3}")]
    [InlineData("3", "\\boxed{x = 3}")]
    [InlineData("2x + 4y = 6", "\\boxed{x + 2y = 3}")]
    [InlineData("x > 5", "\\boxed{5 < x}")]
    [InlineData("x = 1, 2", "\\boxed{x = 2, 1}")]
    [InlineData("B", "The answer is \\boxed{\\text{(B)}}")]
    [InlineData("\\text{odd}", "\\boxed{odd}")]
    [InlineData("(x+1)^2", "\\boxed{x^2 + 2x + 1}")]
    [InlineData("\\sqrt{8}", "\\boxed{2\\sqrt{2}}")]
    [InlineData("52_8", "\\boxed{42}")]
    [InlineData("18", "Janet makes 9 * 2 = 18 dollars.\n#### 18")]
    [InlineData("\\frac{1}{3}", "\\boxed{0.333333}")]
    [InlineData("14{,}916", "Final Answer: The final answer is $14 {, }916$. I hope it is correct.")]
    [InlineData("1\\leq|z|\\leq \\frac{3}{2}", "$z \\in \\left[-\\frac{3}{2}, -1\\right] \\cup \\left[1, \\frac{3}{2}\\right]$")]
    [InlineData("|x| < 2", "\\boxed{(-2, 2)}")]
    [InlineData("|x| > 1", "\\boxed{(-\\infty, -1) \\cup (1, \\infty)}")]
    [InlineData("0 \\le |x| \\le 3", "\\boxed{[-3, 3]}")]
    public void Verify_EquivalentAnswer_IsCorrect(string reference, string completion)
    {
        var verdict = MathVerifier.Verify(reference, completion);

        Assert.True(verdict.IsCorrect, verdict.ToString());
    }

    [Theory]
    [InlineData("18", "\\boxed{19}")]
    [InlineData("\\frac{1}{3}", "\\boxed{0.33}")]
    [InlineData("70000", "\\boxed{70001}")]
    [InlineData("(1, 2)", "\\boxed{(2, 1)}")]
    [InlineData("[0, 1)", "\\boxed{(0, 1)}")]
    [InlineData("x > 5", "\\boxed{x \\geq 5}")]
    [InlineData("x = 1, 2", "\\boxed{1, 2, 3}")]
    [InlineData("2x+4y=6", "\\boxed{x + 2y = 4}")]
    [InlineData("5 \\text{ inches}^2", "\\boxed{5 \\text{ inches}^3}")]
    [InlineData("52_8", "\\boxed{52_9}")]
    [InlineData("\\sqrt{2}", "\\boxed{1.414}")]
    [InlineData("\\text{B}", "\\boxed{C}")]
    [InlineData("x^2", "\\boxed{y^2}")]
    [InlineData("1 \\le |z| \\le 2", "\\boxed{[1, 2]}")]
    [InlineData("|x| < 2", "\\boxed{(-2, 2]}")]
    [InlineData("14{,}916", "\\boxed{14 {,} 917}")]
    [InlineData("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\boxed{\\begin{pmatrix} 1 & 2 \\\\ 3 & 5 \\end{pmatrix}}")]
    public void Verify_DifferentAnswer_IsWrong(string reference, string completion)
    {
        var verdict = MathVerifier.Verify(reference, completion);

        Assert.Equal(MathVerdictStatus.Wrong, verdict.Status);
    }

    [Fact]
    public void Verify_DeclaredTolerance_AcceptsCloseValue()
    {
        var strict = MathVerifier.Verify("70000", "\\boxed{70001}");
        var tolerant = MathVerifier.Verify("70000", "\\boxed{70001}", new MathEquivalenceOptions { RelativeTolerance = 1e-4 });

        Assert.False(strict.IsCorrect);
        Assert.True(tolerant.IsCorrect, tolerant.ToString());
    }

    [Fact]
    public void Verify_NonStrict_RenamesSingleVariable()
    {
        Assert.False(MathVerifier.Verify("$f(x)$", "$f(y)$").IsCorrect);
        Assert.True(MathVerifier.Verify("$f(x)$", "$f(y)$", new MathEquivalenceOptions { Strict = false }).IsCorrect);
    }

    [Theory]
    [InlineData("\\boxed{\\sum_{k=1}^{n} k}", MathVerdictStatus.Unparseable)]
    [InlineData("\\boxed{(1, 2}", MathVerdictStatus.Unparseable)]
    [InlineData("no digits at all here", MathVerdictStatus.NoAnswer)]
    public void Verify_BadCompletion_ReportsReason(string completion, MathVerdictStatus expected)
    {
        var verdict = MathVerifier.Verify("3", completion);

        Assert.Equal(expected, verdict.Status);
        Assert.False(string.IsNullOrEmpty(verdict.Detail));
    }

    [Fact]
    public void Verify_UnparseableReference_IsBadReference()
    {
        var verdict = MathVerifier.Verify("\\sum_{k=1}^{n} k^{", "\\boxed{3}");

        Assert.Equal(MathVerdictStatus.BadReference, verdict.Status);
    }
}
