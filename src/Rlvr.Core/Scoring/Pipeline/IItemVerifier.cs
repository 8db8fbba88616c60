namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Scores one item end to end: the unit the scoring pipeline composes. The innermost one
/// (<see cref="EnvironmentVerifier"/>) calls the environment's rubric; <see cref="DelegatingVerifier"/>s around it add
/// policies (timeout, retry, cache, logging, metrics), composed by a <see cref="VerifierBuilder"/>.
/// </summary>
public interface IItemVerifier
{
    /// <summary>Scores <paramref name="request"/> with <paramref name="environment"/>.</summary>
    /// <param name="environment">The environment whose rubric judges the item.</param>
    /// <param name="request">The item.</param>
    /// <param name="cancellationToken">The item's deadline or the caller's cancellation.</param>
    /// <returns>The scored item (reward, attempts, whether it came from a cache).</returns>
    ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default);
}
