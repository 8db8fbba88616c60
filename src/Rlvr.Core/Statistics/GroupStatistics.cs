namespace Rlvr.Core.Statistics;

/// <summary>
/// Statistics over groups of completions of one problem: GRPO advantages, unbiased pass@k, and the share of
/// groups whose rewards all agree (which carry no GRPO signal). Only <see cref="Outcome.Scored"/> rewards count.
/// </summary>
public static class GroupStatistics
{
    /// <summary>
    /// GRPO advantages: (reward − mean of its group's scored rewards) / (std + <paramref name="epsilon"/>),
    /// with the sample standard deviation (n − 1), as TRL computes it. Items that are not scored get
    /// <see langword="null"/> and take no part in any mean or deviation.
    /// </summary>
    /// <param name="rewards">The rewards of a batch.</param>
    /// <param name="groupKeys">For each reward, its group (usually the problem id); same length as <paramref name="rewards"/>.</param>
    /// <param name="scaling">Group, batch or no standard-deviation scaling.</param>
    /// <param name="epsilon">Added to the deviation to avoid dividing by zero.</param>
    /// <returns>One advantage per reward, <see langword="null"/> for non-scored items.</returns>
    public static double?[] Advantages(
        IReadOnlyList<Reward> rewards,
        IReadOnlyList<string> groupKeys,
        AdvantageScaling scaling = AdvantageScaling.Group,
        double epsilon = 1e-4)
    {
        var groups = Groups(rewards, groupKeys);
        var scored = groups.Values.SelectMany(g => g).ToList();
        var stats = groups.ToDictionary(g => g.Key, g => (Mean: g.Value.Average(), Std: SampleStd(g.Value)), StringComparer.Ordinal);
        double batchStd = SampleStd(scored);
        var result = new double?[rewards.Count];
        for (int i = 0; i < rewards.Count; i++)
        {
            if (!rewards[i].IsScored)
            {
                continue;
            }

            var (mean, std) = stats[groupKeys[i]];
            double centered = rewards[i].Value - mean;
            double scale = scaling switch
            {
                AdvantageScaling.Group => std + epsilon,
                AdvantageScaling.Batch => batchStd + epsilon,
                _ => 1.0,
            };

            // A flat group carries no signal: its advantages are exactly 0, never 0/0.
            result[i] = scale == 0 ? 0.0 : centered / scale;
        }

        return result;
    }

    /// <summary>
    /// The unbiased pass@k estimator of Chen et al. (2021): 1 − C(n−c, k) / C(n, k), computed as a stable product.
    /// </summary>
    /// <param name="n">Samples drawn.</param>
    /// <param name="c">Correct samples among them.</param>
    /// <param name="k">The k of pass@k (1 ≤ k ≤ n).</param>
    public static double PassAtK(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n - c < k)
        {
            return 1.0;
        }

        double product = 1.0;
        for (int i = n - c + 1; i <= n; i++)
        {
            product *= 1.0 - ((double)k / i);
        }

        return 1.0 - product;
    }

    /// <summary>
    /// Mean pass@k over problems, where a sample passes when it is scored with value 1 (within 1e-9).
    /// Problems with fewer than k scored samples are left out.
    /// </summary>
    /// <param name="rewards">Rewards of a batch.</param>
    /// <param name="groupKeys">For each reward, its problem.</param>
    /// <param name="k">The k of pass@k.</param>
    /// <returns>The mean, or <see langword="null"/> when no problem has k scored samples.</returns>
    public static double? MeanPassAtK(IReadOnlyList<Reward> rewards, IReadOnlyList<string> groupKeys, int k)
    {
        var values = Groups(rewards, groupKeys).Values
            .Where(g => g.Count >= k)
            .Select(g => PassAtK(g.Count, g.Count(v => v >= 1.0 - 1e-9), k))
            .ToList();
        return values.Count == 0 ? null : values.Average();
    }

    /// <summary>
    /// The share of groups (with at least two scored rewards) whose scored rewards are all equal:
    /// such groups give GRPO a zero advantage everywhere.
    /// </summary>
    /// <param name="rewards">Rewards of a batch.</param>
    /// <param name="groupKeys">For each reward, its group.</param>
    /// <returns>A share in [0, 1], or 0 when there is no such group.</returns>
    public static double ZeroVarianceShare(IReadOnlyList<Reward> rewards, IReadOnlyList<string> groupKeys)
    {
        var groups = Groups(rewards, groupKeys).Values.Where(g => g.Count >= 2).ToList();
        if (groups.Count == 0)
        {
            return 0.0;
        }

        int flat = groups.Count(g => g.TrueForAll(v => v == g[0]));
        return (double)flat / groups.Count;
    }

    private static Dictionary<string, List<double>> Groups(IReadOnlyList<Reward> rewards, IReadOnlyList<string> groupKeys)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(groupKeys);
        if (rewards.Count != groupKeys.Count)
        {
            throw new ArgumentException($"{rewards.Count} rewards but {groupKeys.Count} group keys.", nameof(groupKeys));
        }

        var groups = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (int i = 0; i < rewards.Count; i++)
        {
            if (rewards[i].IsScored)
            {
                if (!groups.TryGetValue(groupKeys[i], out var list))
                {
                    groups[groupKeys[i]] = list = [];
                }

                list.Add(rewards[i].Value);
            }
        }

        return groups;
    }

    private static double SampleStd(List<double> values)
    {
        if (values.Count < 2)
        {
            return 0.0;
        }

        double mean = values.Average();
        double sum = 0;
        foreach (double v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / (values.Count - 1));
    }
}
