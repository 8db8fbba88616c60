using Rlvr.Core.Extraction;

[assembly: Rlvr.Core.RlvrEnvironments]

namespace Rlvr.Core.Tests;

public sealed record QaProblem(string Id, string Question, [property: Reference] string Answer);

/// <summary>A small real environment: the final boxed answer must equal the reference exactly.</summary>
public sealed class QaEnvironment : Environment<QaProblem>
{
    private static readonly IVerifier<QaProblem> Verifier = Core.Verifier.Create<QaProblem>(static (problem, completion) =>
    {
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {
            return Reward.Unscorable(Reasons.BadReference, "empty reference answer");
        }

        var answer = AnswerExtractor.Boxed(AnswerExtractor.StripThinking(completion.Text));
        return answer.Status switch
        {
            ExtractionStatus.None => Reward.Wrong(Reasons.NoAnswer),
            ExtractionStatus.Conflict => Reward.Wrong(Reasons.ConflictingAnswers),
            _ => string.Equals(answer.Value, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong(),
        };
    });

    public override string Name => "test/qa";

    public override string Version => "1";

    public override string Description => "Boxed answer equals the reference.";

    public override IVerifier<QaProblem> Rubric { get; } = Rubric<QaProblem>.Single("correct", Verifier);

    public override string RenderPrompt(QaProblem problem) => problem.Question + "\nPut the final answer in \\boxed{}.";

    public override string? GetProblemId(QaProblem problem) => problem.Id;

    protected override IEnumerable<QaProblem> LoadProblems() =>
    [
        new("q1", "What is 2 + 2?", "4"),
        new("q2", "What is the capital of France?", "Paris"),
        new("q3", "What is 10 / 4?", "2.5"),
    ];
}

/// <summary>An environment whose verifier is supplied by the test.</summary>
public sealed class DelegateEnvironment(Func<QaProblem, Completion, ScoringContext, ValueTask<Reward>> score) : Environment<QaProblem>
{
    public override string Name => "test/delegate";

    public override string Version => "1";

    public override IVerifier<QaProblem> Rubric { get; } = Core.Verifier.Create(score);

    public override string RenderPrompt(QaProblem problem) => problem.Question;

    public override string? GetProblemId(QaProblem problem) => problem.Id;
}
