using Rlvr.Core;
using Rlvr.Core.Testing;

namespace Rlvr.Environments.Math.Tests;

/// <summary>The SDK's verifier test kit applied to every math environment, on bundled problems.</summary>
public class VerifierTestKitTests
{
    private const string Wrong = "\\boxed{-987654321}";

    [Fact]
    public Task Math_IsSound() => VerifierTestKit.AssertSoundAsync(
        new MathEnvironment(),
        [
            new VerifierSample<MathProblem>(new MathProblem { Id = "a", Question = "What is 1/4 + 1/4?", Answer = "\\frac{1}{2}" }, "So the sum is \\boxed{0.5}.", Wrong),
            new VerifierSample<MathProblem>(new MathProblem { Id = "b", Question = "Solve x^2 = 4 for x > 0.", Answer = "2" }, "x = \\boxed{2}", Wrong),
            new VerifierSample<MathProblem>(new MathProblem { Id = "c", Question = "Give the interval where x > 1.", Answer = "(1, \\infty)" }, "\\boxed{(1,\\infty)}", Wrong),
        ]);

    [Fact]
    public Task Gsm8k_IsSound()
    {
        var env = new Gsm8kEnvironment();
        Assert.True(env.ProblemIds.Count >= 30, "the GSM8K file of $RLVR_TEST_DATA_DIR/math is needed");
        var samples = env.ProblemIds.Take(30).Select(id =>
        {
            Assert.True(env.TryGetProblem(id, out var problem));
            return new VerifierSample<Gsm8kProblem>(problem, $"Step by step... The answer is \\boxed{{{problem.GoldAnswer}}}.", Wrong);
        }).ToList();
        return VerifierTestKit.AssertSoundAsync(env, samples);
    }

    [Fact]
    public Task Math500_IsSound()
    {
        var env = new Math500Environment();
        Assert.True(env.ProblemIds.Count >= 30, "the MATH-500 file of $RLVR_TEST_DATA_DIR/math is needed");
        var samples = env.ProblemIds.Take(30).Select(id =>
        {
            Assert.True(env.TryGetProblem(id, out var problem));
            return new VerifierSample<Math500Problem>(problem, $"Therefore the answer is $\\boxed{{{problem.Answer}}}$.", Wrong);
        }).ToList();
        return VerifierTestKit.AssertSoundAsync(env, samples);
    }
}
