namespace Rlvr.Core.Episodes;

/// <summary>The result of one episode step (Gymnasium's <c>step</c> tuple).</summary>
/// <param name="Observation">The next observation.</param>
/// <param name="Reward">The reward earned by this step, if any.</param>
/// <param name="Terminated">The episode ended by its own logic (answer given, flag found, budget used).</param>
/// <param name="Truncated">The episode was cut by a limit (steps, time) rather than by its logic.</param>
public sealed record StepResult(Observation Observation, Reward? Reward, bool Terminated, bool Truncated)
{
    /// <summary>Whether the episode is over (terminated or truncated).</summary>
    public bool Done => Terminated || Truncated;
}
