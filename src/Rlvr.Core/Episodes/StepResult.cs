namespace Rlvr.Core.Episodes;

/// <summary>The result of one episode step (Gymnasium's <c>step</c> tuple).</summary>
/// <param name="Observation">The next observation.</param>
/// <param name="Reward">The reward earned by this step, if any.</param>
/// <param name="Terminated">The episode ended by its own logic (answer given, flag found, budget used).</param>
/// <param name="Truncated">The episode was cut by a limit (steps, time) rather than by its logic.</param>
public sealed record StepResult(Observation Observation, Reward? Reward, bool Terminated, bool Truncated)
{
    private static readonly IReadOnlyDictionary<string, object?> NoInfo = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Whether the episode is over (terminated or truncated).</summary>
    public bool Done => Terminated || Truncated;

    /// <summary>
    /// Per-step evidence (Gymnasium's <c>info</c>): JSON-serialisable facts about this step for attribution, kept in
    /// trajectories and never shown to the model. Must never hold the reference answer or a secret (a flag). Keys in
    /// <see cref="StepInfo"/> have a meaning shared by every host.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Info { get; init; } = NoInfo;
}
