using System.Text.Json;
using Rlvr.Core;

namespace Rlvr.Rollouts;

/// <summary>One episode of a model on a problem: the messages, the steps with their evidence, the reward and the costs.</summary>
public sealed record Trajectory
{
    /// <summary>The trajectory id: <c>{problem key}#{sample}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The problem's key (groups the samples of a problem).</summary>
    public required string ProblemKey { get; init; }

    /// <summary>0-based sample number within the problem.</summary>
    public required int Sample { get; init; }

    /// <summary>The problem as given, or <see langword="null"/> for a bundled problem (named by <see cref="ProblemKey"/>).</summary>
    public JsonElement? ProblemJson { get; init; }

    /// <summary>What the model was shown before its first turn (system prompt, first observation).</summary>
    public required IReadOnlyList<ChatMessage> Prompt { get; init; }

    /// <summary>Everything after the prompt: the model's messages (text and tool calls) and the environment's answers.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>The episode's steps, in order.</summary>
    public required IReadOnlyList<TrajectoryStep> Steps { get; init; }

    /// <summary>The final reward: the reward of the step that ended the episode, or the reason it has none.</summary>
    public required Reward Reward { get; init; }

    /// <summary>How the episode ended.</summary>
    public required EpisodeEnd End { get; init; }

    /// <summary>Model calls made.</summary>
    public required int Turns { get; init; }

    /// <summary>Tokens the endpoint reported.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>Wall time of the whole episode.</summary>
    public required TimeSpan Latency { get; init; }

    /// <summary>Time spent waiting for the model.</summary>
    public required TimeSpan GenerationTime { get; init; }

    /// <summary>
    /// For a successful episode (Scored 1), the first step whose evidence made success certain (<see
    /// cref="TrajectoryStep.SuccessCertain"/>), else the step that ended it; <see langword="null"/> otherwise.
    /// </summary>
    public int? SuccessStep =>
        Reward.IsScored && Reward.Value >= 1.0 - 1e-9
            ? Steps.FirstOrDefault(s => s.SuccessCertain)?.Index ?? (Steps.Count > 0 ? Steps[^1].Index : null)
            : null;
}
