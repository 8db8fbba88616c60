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
    public ValueTask<Reward?> GetAsync(ScoreKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(entries.TryGetValue(key, out var reward) ? reward : null);

    /// <inheritdoc />
    public ValueTask SetAsync(ScoreKey key, Reward reward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (entries.Count < maxEntries)
        {
            entries[key] = reward;
        }

        return ValueTask.CompletedTask;
    }
}
