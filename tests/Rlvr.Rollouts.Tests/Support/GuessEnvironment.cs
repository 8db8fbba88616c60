using System.Globalization;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;

namespace Rlvr.Rollouts.Tests.Support;

public sealed record GuessProblem(string Id, [property: Reference] int Secret);

/// <summary>
/// A multi-turn environment without sandboxes: find a number in [0, 100] with <c>check</c> (answers higher, lower or
/// equal) and <c>submit</c> it. Twelve steps; the step whose check says "equal" makes success certain. Offline
/// scoring reads the last <c>submit</c> call of the transcript.
/// </summary>
public sealed class GuessEnvironment : Environment<GuessProblem>
{
    public override string Name => "test/guess";

    public override string Version => "1";

    public override IVerifier<GuessProblem> Rubric { get; } = Rubric<GuessProblem>.Single("correct", Verifier.Create<GuessProblem>(static (problem, completion) =>
    {
        var submit = completion.Messages.SelectMany(m => m.ToolCalls ?? []).LastOrDefault(c => c.Name == "submit");
        return submit is not null && GuessEpisode.ReadInt(submit.ArgumentsJson, "answer") is { } answer
            ? answer == problem.Secret ? Reward.Correct() : Reward.Wrong()
            : Reward.Wrong(Reasons.NoAnswer);
    }));

    public override string RenderPrompt(GuessProblem problem) => "Find the number between 0 and 100. Use check, then submit.";

    public override string? GetProblemId(GuessProblem problem) => problem.Id;

    public override IEpisode CreateEpisode(GuessProblem problem, ScoringContext context) => new GuessEpisode(problem);

    protected override IEnumerable<GuessProblem> LoadProblems() => [new("g1", 37), new("g2", 81)];
}

public sealed class GuessEpisode(GuessProblem problem) : Episode(maxSteps: 12)
{
    private static readonly IReadOnlyList<ToolDefinition> ToolList =
    [
        ToolDefinition.Create("check", "Compares a guess with the number.", """{"type":"object","properties":{"guess":{"type":"integer"}},"required":["guess"]}"""),
        ToolDefinition.Create("submit", "Submits the answer; ends the episode.", """{"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}"""),
    ];

    public override IReadOnlyList<ToolDefinition> Tools => ToolList;

    public static int? ReadInt(string json, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(name, out var value) && value.TryGetInt32(out int i) ? i : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    protected override ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Observation("Find the number between 0 and 100. Use check, then submit."));

    protected override ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
    {
        var call = action.ToolCall;
        if (call?.Name == "submit" && ReadInt(call.ArgumentsJson, "answer") is { } answer)
        {
            var reward = answer == problem.Secret ? Reward.Correct() : Reward.Wrong();
            return ValueTask.FromResult(new StepResult(new Observation(answer == problem.Secret ? "correct" : "wrong", call.Id), reward, Terminated: true, Truncated: false)
            {
                Info = new Dictionary<string, object?> { [StepInfo.SuccessCertain] = reward.Value >= 1 },
            });
        }

        if (call?.Name == "check" && ReadInt(call.ArgumentsJson, "guess") is { } guess)
        {
            string said = guess == problem.Secret ? "equal" : guess < problem.Secret ? "higher" : "lower";
            return ValueTask.FromResult(new StepResult(new Observation(said, call.Id), null, Terminated: false, Truncated: false)
            {
                Info = new Dictionary<string, object?> { [StepInfo.SuccessCertain] = guess == problem.Secret, ["guess"] = guess.ToString(CultureInfo.InvariantCulture) },
            });
        }

        return ValueTask.FromResult(new StepResult(new Observation("Use check or submit.", call?.Id), null, Terminated: false, Truncated: false));
    }
}
