using System.Collections.Immutable;

namespace Rlvr.Core.Scoring;

/// <summary>Counts per outcome and reason, mean reward over scored items, and latency percentiles of a batch.</summary>
public sealed record ScoringSummary
{
    /// <summary>Items in the batch.</summary>
    public required int Total { get; init; }

    /// <summary>Items per outcome (every outcome present, zeros included).</summary>
    public required ImmutableSortedDictionary<Outcome, int> ByOutcome { get; init; }

    /// <summary>Items per reason code.</summary>
    public required ImmutableSortedDictionary<string, int> ByReason { get; init; }

    /// <summary>Mean reward over <see cref="Outcome.Scored"/> items; <see langword="null"/> when there is none.</summary>
    public required double? MeanReward { get; init; }

    /// <summary>Items answered from the score cache.</summary>
    public required int FromCache { get; init; }

    /// <summary>Median latency.</summary>
    public required TimeSpan P50 { get; init; }

    /// <summary>90th percentile latency.</summary>
    public required TimeSpan P90 { get; init; }

    /// <summary>99th percentile latency.</summary>
    public required TimeSpan P99 { get; init; }

    /// <summary>Summarises scored items.</summary>
    /// <param name="items">The results.</param>
    public static ScoringSummary Create(IReadOnlyCollection<ScoredItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var byOutcome = Enum.GetValues<Outcome>().ToDictionary(o => o, _ => 0);
        var byReason = new Dictionary<string, int>(StringComparer.Ordinal);
        double sum = 0;
        int scored = 0;
        int fromCache = 0;
        var latencies = new long[items.Count];
        int n = 0;
        foreach (var item in items)
        {
            byOutcome[item.Reward.Outcome]++;
            byReason[item.Reward.Reason] = byReason.GetValueOrDefault(item.Reward.Reason) + 1;
            if (item.Reward.IsScored)
            {
                sum += item.Reward.Value;
                scored++;
            }

            if (item.FromCache)
            {
                fromCache++;
            }

            latencies[n++] = item.Elapsed.Ticks;
        }

        Array.Sort(latencies);
        return new ScoringSummary
        {
            Total = items.Count,
            ByOutcome = byOutcome.ToImmutableSortedDictionary(),
            ByReason = byReason.ToImmutableSortedDictionary(StringComparer.Ordinal),
            MeanReward = scored == 0 ? null : sum / scored,
            FromCache = fromCache,
            P50 = Percentile(latencies, 0.50),
            P90 = Percentile(latencies, 0.90),
            P99 = Percentile(latencies, 0.99),
        };
    }

    /// <summary>Nearest-rank percentile of sorted ticks.</summary>
    private static TimeSpan Percentile(long[] sortedTicks, double p)
    {
        if (sortedTicks.Length == 0)
        {
            return TimeSpan.Zero;
        }

        int rank = (int)Math.Ceiling(p * sortedTicks.Length);
        return TimeSpan.FromTicks(sortedTicks[Math.Clamp(rank - 1, 0, sortedTicks.Length - 1)]);
    }
}
