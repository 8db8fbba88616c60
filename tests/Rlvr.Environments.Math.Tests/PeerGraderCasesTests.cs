namespace Rlvr.Environments.Math.Tests;

/// <summary>
/// Cases modelled on the public test suites of other math graders, written here in our own words. Each row names
/// the suite it follows (repository, file, commit); the label is that suite's unless a comment says otherwise
/// (docs/math.md lists every label we decided differently, and why).
/// </summary>
public class PeerGraderCasesTests
{
    // sympy/sympy sympy/parsing/tests/test_latex.py @ 002de202 (GOOD_PAIRS: factorials, f(x, y), roots, \sum)
    private const string Sympy = "sympy test_latex.py@002de202";

    // NVIDIA/NeMo-Skills tests/test_math_equal.py @ 583b90a2 (math_equal, checked in both directions)
    private const string NemoSkills = "NeMo-Skills test_math_equal.py@583b90a2";

    // huggingface/lighteval tests/metrics/test_extractive_match.py @ b620bf57 (multilingual extraction)
    private const string Lighteval = "lighteval test_extractive_match.py@b620bf57";

    [Theory]
    // A symbolic factorial is Γ(n+1): equal to itself and to its identities, not to a neighbour.
    [InlineData(Sympy, "n!", "$n!$", true)]
    [InlineData(Sympy, "(x+1)!", "\\boxed{(x + 1)!}", true)]
    [InlineData(Sympy, "\\frac{(2n)!}{n!(n+1)!}", "\\boxed{\\frac{(2n)!}{n!(n+1)!}}", true)]
    [InlineData(Sympy, "(x!)!", "\\boxed{(x!)!}", true)]
    [InlineData(Sympy, "\\theta!", "\\boxed{\\theta!}", true)]
    [InlineData(Sympy, "x!", "\\boxed{x \\cdot (x-1)!}", true)]
    [InlineData(Sympy, "5!7!", "\\boxed{604800}", true)]
    [InlineData(Sympy, "n!", "\\boxed{(n+1)!}", false)]
    [InlineData(Sympy, "(2n)!", "\\boxed{2 n!}", false)]
    // Application of a function of several arguments.
    [InlineData(Sympy, "g(x,y)", "$g(x,y)$", true)]
    [InlineData(Sympy, "f(x, y)", "$f{\\left(x,y\\right)}$", true)]
    [InlineData(Sympy, "f(x, y, z)", "\\boxed{f(x,y,z)}", true)]
    [InlineData(Sympy, "h_{\\theta}(x_0, x_1)", "\\boxed{h_\\theta(x_0, x_1)}", true)]
    [InlineData(Sympy, "f(x, y) + 1", "\\boxed{1 + f(x, y)}", true)]
    [InlineData(Sympy, "f(x, y)", "\\boxed{f(y, x)}", false)]
    [InlineData(Sympy, "f(x, y)", "\\boxed{g(x, y)}", false)]
    [InlineData(Sympy, "\\max(3, 7)", "\\boxed{7}", true)]
    [InlineData(Sympy, "\\gcd(12, 18)", "\\boxed{6}", true)]
    // The real cube root and the power 2/3 agree on negative bases (both take the real branch).
    [InlineData(Sympy, "(x^2-2)^{2/3}", "\\boxed{\\sqrt[3]{x^2-2}^2}", true)]
    [InlineData(Sympy, "\\sqrt[3]{\\sin x}", "\\boxed{(\\sin x)^{1/3}}", true)]
    [InlineData(Sympy, "(x-5)^{2/3}", "\\boxed{\\sqrt[3]{x-5}}", false)]
    // "\lim ... = 1": the last side of the chain is the answer.
    [InlineData(Sympy, "1", "$\\lim_{x\\to 0} \\frac{\\sin x}{x} = 1$", true)]
    [InlineData(Sympy, "1", "\\boxed{\\lim_{x \\rightarrow 0} \\frac{\\sin x}{x} = 1}", true)]
    [InlineData(Sympy, "0", "\\boxed{\\lim_{x \\to \\infty} \\frac{1}{x} = 0}", true)]
    [InlineData(Sympy, "2", "\\boxed{\\lim_{x\\to 0}\\frac{\\sin x}{x} = 1}", false)]
    [InlineData(Sympy, "385", "\\boxed{\\sum_{k = 1}^{10} k^2 = 385}", true)]
    // An exact value followed by its approximation: the exact value is the answer.
    [InlineData(NemoSkills, "\\frac{\\sqrt{3}}{3}", "\\boxed{\\frac{\\sqrt{3}}{3} \\approx 0.577}", true)]
    [InlineData(NemoSkills, "\\frac{\\sqrt{3}}{3} \\approx 0.577", "\\boxed{\\frac{\\sqrt{3}}{3}}", true)]
    [InlineData(NemoSkills, "\\frac{\\sqrt{3}}{3}", "So $\\frac{\\sqrt{3}}{3} \\approx 0.577$", true)]
    [InlineData(Lighteval, "\\frac{9.5}{3.14159}", "\\frac{9.5}{3.14159} \\approx 3.01", true)]
    [InlineData(NemoSkills, "\\frac{\\sqrt{3}}{3}", "\\boxed{\\frac{\\sqrt{2}}{2} \\approx 0.577}", false)]
    [InlineData(NemoSkills, "\\frac{\\sqrt{3}}{3}", "\\boxed{0.577}", false)]
    // Other cases of the same suite.
    [InlineData(NemoSkills, "918\\frac{1}{2}", "\\boxed{918.5}", true)]
    [InlineData(NemoSkills, "y = x^2+2x+1", "\\boxed{2x+ 1+x^2}", true)]
    [InlineData(NemoSkills, "(r+5)(r+5)", "\\boxed{(r+5)^2}", true)]
    [InlineData(NemoSkills, "17\\text{ any text}", "\\boxed{17}", true)]
    [InlineData(NemoSkills, "10\\%", "\\boxed{10}", true)]
    [InlineData(NemoSkills, "5", "\\boxed{5.001}", false)]
    [InlineData(NemoSkills, "x^2+2x+1", "\\boxed{x^3+2x+1}", false)]
    [InlineData(NemoSkills, "odd", "\\boxed{\\text{oddd}}", false)]
    [InlineData(NemoSkills, "\\sqrt{67},-\\sqrt{85}", "\\boxed{\\sqrt{67}}", false)]
    // Answers in other languages.
    [InlineData(Lighteval, "13/28", "计划的比例为13/28", true)]
    [InlineData(Lighteval, "2/5", "} \\times \\frac{1}{3} = \\frac{6}{15} = \\frac{2}{5} ] 所以，每份应该是 (\\frac{2}{5}) 吨。 答案：每份应该是 (\\frac{2}{5}) 吨。", true)]
    [InlineData(Lighteval, "4000", " 地块面积 = 72000 / 18 = 4000千克", true)]
    [InlineData(Lighteval, "300", "来计算水池中水的流出时间：12000升/40升/分钟=300分钟。因此，水池中水将在300分钟内被放完。", true)]
    [InlineData(Lighteval, "105", "réponse est (35 + 70 = 105).", true)]
    [InlineData(Lighteval, "5", "Réponse : 5", true)]
    [InlineData(Lighteval, "7", "La réponse est : 7.", true)]
    [InlineData(Lighteval, "1", "so $x+y = 1000$ therefore answer is $1$", true)]
    [InlineData(Lighteval, "1000", "so answer is $x+y = 1000$ not 1", true)]
    [InlineData(Lighteval, "1", "how many $? just about 1$", true)]
    // The last-number fallback keeps a fraction whole.
    [InlineData(Lighteval, "\\frac{2}{5}", "The ratio is \\frac{2}{5}", true)]
    [InlineData(Lighteval, "5", "The ratio is \\frac{2}{5}", false)]
    [InlineData(Lighteval, "-\\frac{3}{4}", "so the slope is -\\dfrac{3}{4}", true)]
    // Separators between groups of a reference: "\quad \text{and} \quad" as well as ";".
    [InlineData(Sympy, "p = 5, q = 2 \\quad \\text{and} \\quad p = 7, q = 2", "\\boxed{(5, 2), (7, 2)}", true)]
    [InlineData(Sympy, "p = 5, q = 2; p = 7, q = 2", "\\boxed{p = 5, q = 2 \\quad \\text{and} \\quad p = 7, q = 2}", true)]
    [InlineData(Sympy, "p = 5, q = 2 \\quad \\text{and} \\quad p = 7, q = 2", "\\boxed{(5, 2), (2, 7)}", false)]
    // \operatorname spellings and spacing commands.
    [InlineData(Sympy, "\\arcsin x", "$\\operatorname{asin} x$", true)]
    [InlineData(Sympy, "\\arcsin(x)", "$\\operatorname{asin}(x)$", true)]
    [InlineData(Sympy, "\\sin x", "$\\operatorname{sin}{x}$", true)]
    [InlineData(Sympy, "\\operatorname{arcsinh} x", "$\\ln(x + \\sqrt{x^2+1})$", true)]
    [InlineData(Sympy, "\\operatorname{lcm}(4, 6)", "\\boxed{12}", true)]
    [InlineData(Sympy, "\\arcsin x", "$\\operatorname{acos} x$", false)]
    [InlineData(Sympy, "2x", "$2\\thinspace x$", true)]
    [InlineData(Sympy, "2x", "$2\\medspace x$", true)]
    [InlineData(Sympy, "2x", "$2\\thickspace x$", true)]
    [InlineData(Sympy, "2x", "$2\\negthinspace x$", true)]
    [InlineData(Sympy, "2x", "$2\\negmedspace x$", true)]
    [InlineData(Sympy, "2x", "$2\\negthickspace x$", true)]
    [InlineData(Sympy, "1000", "$1\\thinspace000$", true)]
    public void Verify_PeerCase_MatchesLabel(string source, string reference, string completion, bool expected)
    {
        var verdict = MathVerifier.Verify(reference, completion);

        Assert.True(verdict.IsCorrect == expected, $"{source}: expected {expected}, got {verdict}");
    }

    [Theory]
    [InlineData(Sympy, "\\boxed{\\lim_{x\\to 0}\\frac{\\sin x}{x}}")]
    [InlineData(Sympy, "\\boxed{\\int_0^1 x \\, dx}")]
    public void Verify_UnsupportedOperatorWithoutValue_IsUnparseable(string source, string completion)
    {
        var verdict = MathVerifier.Verify("1", completion);

        Assert.True(verdict.Status == MathVerdictStatus.Unparseable, $"{source}: got {verdict}");
    }
}
