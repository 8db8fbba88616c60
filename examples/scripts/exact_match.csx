// An environment written as a C# script. No project needed:
//   rlvr eval  --env examples/scripts/exact_match.csx --input examples/scripts/exact_match.samples.jsonl --output out.jsonl
//   rlvr serve --env examples/scripts/exact_match.csx
// The usual namespaces (System.*, Rlvr.Core, Rlvr.Core.Extraction) are imported; the last line returns the environment.

/// <summary>A question with one short reference answer.</summary>
public sealed record QaProblem(string Question, [property: Reference] string Answer);

/// <summary>Exact match (case- and space-insensitive) of the answer given in &lt;answer&gt; tags.</summary>
public sealed class ExactMatchEnvironment : Environment<QaProblem>
{
    public override string Name => "script/exact-match";

    public override string Version => "1.0.0";

    public override string Description => "Exact match of the <answer> tag (example script).";

    public override IVerifier<QaProblem> Rubric { get; } = Verifier.Create<QaProblem>((problem, completion) =>
    {
        if (string.IsNullOrWhiteSpace(problem.Answer))
        {
            return Reward.Unscorable(Reasons.BadReference, "The problem has no reference answer.");
        }

        var answer = AnswerExtractor.Tagged(completion.Text);
        if (answer.Status != ExtractionStatus.Found || answer.Value is null)
        {
            return Reward.Wrong(Reasons.NoAnswer);
        }

        return string.Equals(Normalize(answer.Value), Normalize(problem.Answer), StringComparison.Ordinal)
            ? Reward.Correct()
            : Reward.Wrong(Reasons.WrongAnswer);
    });

    public override string RenderPrompt(QaProblem problem) =>
        problem.Question + "\nGive the final answer inside <answer></answer> tags.";

    private static string Normalize(string text) =>
        string.Join(' ', text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}

new ExactMatchEnvironment()
