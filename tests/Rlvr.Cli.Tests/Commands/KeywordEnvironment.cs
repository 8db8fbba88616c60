using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Cli.Tests.Commands;

public sealed record KeywordProblem(string Id, string Question, [property: Reference] string Answer);

/// <summary>An environment loaded by the CLI through --assembly: the tagged answer must equal the reference.</summary>
public sealed class KeywordEnvironment : Environment<KeywordProblem>
{
    public override string Name => "test/keyword";

    public override string Version => "3";

    public override string Description => "Tagged answer equals the reference (CLI test environment).";

    public override IVerifier<KeywordProblem> Rubric { get; } = Rubric<KeywordProblem>.Single("correct", Verifier.Create<KeywordProblem>((problem, completion) =>
    {
        var answer = AnswerExtractor.Tagged(completion.Text);
        return answer.Status switch
        {
            ExtractionStatus.Found => string.Equals(answer.Value, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong(),
            ExtractionStatus.Conflict => Reward.Wrong(Reasons.ConflictingAnswers),
            _ => Reward.Wrong(Reasons.NoAnswer),
        };
    }));

    public override string RenderPrompt(KeywordProblem problem) => problem.Question;

    public override string? GetProblemId(KeywordProblem problem) => problem.Id;

    protected override IEnumerable<KeywordProblem> LoadProblems() => [new("k1", "Say blue.", "blue"), new("k2", "Say red.", "red")];
}
