namespace Rlvr.Core;

/// <summary>A reward function: scores one completion of one problem.</summary>
/// <typeparam name="TProblem">The environment's problem type.</typeparam>
/// <remarks>
/// Implementations must be deterministic for a given <see cref="ScoringContext.SampleId"/> (use
/// <see cref="ScoringContext.Random"/> and <see cref="ScoringContext.TimeProvider"/>), observe
/// <see cref="ScoringContext.CancellationToken"/>, and never run model output in the calling process.
/// Answer faults are a scored 0; problem faults are <see cref="Outcome.Unscorable"/>; infrastructure faults
/// are <see cref="Outcome.InfraError"/> (an exception thrown out of a verifier becomes one too).
/// </remarks>
public interface IVerifier<in TProblem>
{
    /// <summary>Scores <paramref name="completion"/> against <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem, with its reference data.</param>
    /// <param name="completion">The model's output.</param>
    /// <param name="context">Deadline, sandboxes, seeded randomness, logging.</param>
    /// <returns>The reward.</returns>
    ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context);
}
