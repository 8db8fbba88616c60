using System.Collections.Concurrent;

namespace Rlvr.Core.Scoring;

/// <summary>A thread-safe in-memory score cache with an entry limit (new entries are dropped once full).</summary>
/// <param name="maxEntries">Entries kept at most. Default one million.</param>
public sealed class MemoryScoreCache(int maxEntries = 1_000_000) : IScoreCache
{
    private readonly ConcurrentDictionary<ScoreKey, Reward> entries = new();

    /// <summary>Entries held.</summary>
    public int Count => entries.Count;

    /// <inheritdoc />
    public bool TryGet(ScoreKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reward? reward) =>
        entries.TryGetValue(key, out reward);

    /// <inheritdoc />
    public void Set(ScoreKey key, Reward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (entries.Count < maxEntries)
        {
            entries[key] = reward;
        }
    }
}
