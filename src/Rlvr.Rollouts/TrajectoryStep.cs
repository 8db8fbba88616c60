using Rlvr.Core;
using Rlvr.Core.Episodes;

namespace Rlvr.Rollouts;

/// <summary>One episode step of a trajectory: the action, what the environment answered, and the step's evidence.</summary>
/// <param name="Index">1-based step number.</param>
/// <param name="Action">The model's action (a message or a tool call).</param>
/// <param name="Observation">The observation the step returned.</param>
/// <param name="Reward">The step's reward, if any.</param>
/// <param name="Terminated">The episode ended by its own logic at this step.</param>
/// <param name="Truncated">The episode was cut by a limit at this step.</param>
/// <param name="Info">The step's evidence (<see cref="StepResult.Info"/>).</param>
/// <param name="Elapsed">Time the environment took for the step.</param>
public sealed record TrajectoryStep(
    int Index,
    EpisodeAction Action,
    string Observation,
    Reward? Reward,
    bool Terminated,
    bool Truncated,
    IReadOnlyDictionary<string, object?> Info,
    TimeSpan Elapsed)
{
    /// <summary>Whether this step's evidence says success was certain from here on.</summary>
    public bool SuccessCertain => Info.TryGetValue(StepInfo.SuccessCertain, out var value) && value switch
    {
        bool b => b,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.True } => true,
        _ => false,
    };
}
