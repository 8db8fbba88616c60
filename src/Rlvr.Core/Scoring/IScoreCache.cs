namespace Rlvr.Core.Scoring;

/// <summary>
/// Remembers rewards so a re-run does not re-score. The engine stores only <see cref="Outcome.Scored"/> and
/// <see cref="Outcome.Unscorable"/> rewards, never infrastructure errors. Implementations must be thread-safe, and a
/// cache that cannot answer (a store that is down) answers "not found" rather than failing the item.
/// </summary>
public interface IScoreCache
{
    /// <summary>Looks a reward up.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The reward, or <see langword="null"/> when none is stored.</returns>
    ValueTask<Reward?> GetAsync(ScoreKey key, CancellationToken cancellationToken = default);

    /// <summary>Stores a reward.</summary>
    /// <param name="key">The key.</param>
    /// <param name="reward">The reward.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the reward is stored.</returns>
    ValueTask SetAsync(ScoreKey key, Reward reward, CancellationToken cancellationToken = default);
}
