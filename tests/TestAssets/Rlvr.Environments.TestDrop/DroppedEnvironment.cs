using Rlvr.Core;

[assembly: RlvrEnvironments]

namespace Rlvr.Environments.TestDrop;

public sealed record DroppedProblem(string Question, [property: Reference] string Answer);

/// <summary>Exact match of the whole completion, used only to test discovery of dropped assemblies.</summary>
public sealed class DroppedEnvironment : Environment<DroppedProblem>
{
    public override string Name => "test/dropped";

    public override string Version => "1";

    public override IVerifier<DroppedProblem> Rubric { get; } = Rubric<DroppedProblem>.Single("exact", Verifier.Create<DroppedProblem>((p, c) =>
        string.Equals(c.Text.Trim(), p.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong()));

    public override string RenderPrompt(DroppedProblem problem) => problem.Question;
}
