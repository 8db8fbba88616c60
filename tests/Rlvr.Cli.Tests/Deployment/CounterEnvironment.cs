using System.Globalization;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;

namespace Rlvr.Cli.Tests.Deployment;

public sealed record CounterProblem(string Id, [property: Reference] int Target);

/// <summary>
/// A multi-turn environment without sandboxes, loaded by <c>rlvr serve --assembly</c> in the replica tests: <c>add</c>
/// adds to a running total that lives in the episode (so a step that reached another replica would not see it),
/// <c>submit</c> ends the episode, rewarded when the total equals the target.
/// </summary>
public sealed class CounterEnvironment : Environment<CounterProblem>
{
    public override string Name => "test/counter";

    public override string Version => "1";

    public override IVerifier<CounterProblem> Rubric { get; } = Verifier.Create<CounterProblem>(static (problem, completion) => Reward.Wrong(Reasons.NoAnswer));

    public override string RenderPrompt(CounterProblem problem) => $"Reach {problem.Target.ToString(CultureInfo.InvariantCulture)} with add, then submit.";

    public override string? GetProblemId(CounterProblem problem) => problem.Id;

    public override IEpisode CreateEpisode(CounterProblem problem, ScoringContext context) => new CounterEpisode(problem);

    protected override IEnumerable<CounterProblem> LoadProblems() => [new("c1", 10), new("c2", 20)];
}

public sealed class CounterEpisode(CounterProblem problem) : Episode(maxSteps: 50)
{
    private static readonly IReadOnlyList<ToolDefinition> ToolList =
    [
        ToolDefinition.Create("add", "Adds n to the total.", """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"""),
        ToolDefinition.Create("submit", "Ends the episode.", """{"type":"object","properties":{}}"""),
    ];

    private int total;

    public override IReadOnlyList<ToolDefinition> Tools => ToolList;

    protected override ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken)
    {
        total = 0;
        return ValueTask.FromResult(new Observation("total 0"));
    }

    protected override ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
    {
        var call = action.ToolCall;
        if (call?.Name == "add")
        {
            using var document = JsonDocument.Parse(call.ArgumentsJson);
            total += document.RootElement.TryGetProperty("n", out var n) && n.TryGetInt32(out int i) ? i : 0;
            return ValueTask.FromResult(new StepResult(new Observation("total " + total.ToString(CultureInfo.InvariantCulture), call.Id), null, Terminated: false, Truncated: false));
        }

        var reward = call?.Name == "submit" && total == problem.Target ? Reward.Correct() : Reward.Wrong();
        return ValueTask.FromResult(new StepResult(new Observation("submitted " + total.ToString(CultureInfo.InvariantCulture), call?.Id), reward, Terminated: true, Truncated: false));
    }
}
