using Rlvr.Core;

namespace Rlvr.Environments.Math.Tests;

public class MathFormatVerifierTests
{
    private static ScoringContext Context() => new("sample");

    [Theory]
    // answer and format read one extraction: a multi-part boxed answer is a boxed answer for both.
    [InlineData("2, 3", "\\boxed{2} and \\boxed{3}", 1.0, 1.0)]
    [InlineData("3", "\\boxed{2} and \\boxed{3}", 0.0, 1.0)]
    // the same value boxed twice in two forms is one boxed answer for both.
    [InlineData("1/2", "First \\boxed{\\frac{1}{2}}, that is \\boxed{0.5}", 1.0, 1.0)]
    // hedging between boxes pays neither.
    [InlineData("1", "maybe \\boxed{1} or perhaps \\boxed{2}", 0.0, 0.0)]
    // a final statement after the boxes is the answer, and it is not boxed.
    [InlineData("10455", "\\boxed{200} then \\boxed{255}. Final Answer: The final answer is $10,455$.", 1.0, 0.0)]
    [InlineData("5", "The answer is 5.", 1.0, 0.0)]
    [InlineData("5", "no idea", 0.0, 0.0)]
    public async Task ScoreAsync_Completion_AgreesWithAnswerComponent(string gold, string completion, double answer, double format)
    {
        var env = new MathEnvironment();
        var problem = new MathProblem { Question = "Q?", Answer = gold };

        var reward = await env.ScoreAsync(problem, completion, Context());

        Assert.Equal(answer, reward.Components[MathRubric.AnswerComponent]);
        Assert.Equal(format, reward.Components[MathRubric.FormatComponent]);
    }
}
