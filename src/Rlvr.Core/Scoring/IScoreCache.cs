namespace Rlvr.Core.Scoring;

/// <summary>
/// Remembers rewards so a re-run does not re-score. The engine stores only <see cref="Outcome.Scored"/> and
/// <see cref="Outcome.Unscorable"/> rewards, never infrastructure errors. Implementations must be thread-safe.
/// </summary>
public interface IScoreCache
{
    /// <summary>Looks a reward up.</summary>
    /// <param name="key">The key.</param>
    /// <param name="reward">The reward when found.</param>
    bool TryGet(ScoreKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reward? reward);

    /// <summary>Stores a reward.</summary>
    /// <param name="key">The key.</param>
    /// <param name="reward">The reward.</param>
    void Set(ScoreKey key, Reward reward);
}
