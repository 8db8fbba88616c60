using System.Globalization;
using System.Text;
using Rlvr.Core;
using Rlvr.Core.Statistics;

namespace Rlvr.Rollouts;

/// <summary>
/// What a rollout run amounts to: outcomes and reasons, mean reward, pass@1 and pass@K over the K samples of each
/// problem, mean@K, the share of problems whose samples all got the same reward (no GRPO signal), where episodes end,
/// turns, the step at which successful episodes became certain, tokens and latency.
/// </summary>
public sealed record RolloutSummary
{
    /// <summary>Trajectories summarised.</summary>
    public required int Total { get; init; }

    /// <summary>Trajectories per outcome.</summary>
    public required IReadOnlyDictionary<Outcome, int> ByOutcome { get; init; }

    /// <summary>Trajectories per reason.</summary>
    public required IReadOnlyDictionary<string, int> ByReason { get; init; }

    /// <summary>Trajectories per end.</summary>
    public required IReadOnlyDictionary<EpisodeEnd, int> ByEnd { get; init; }

    /// <summary>Mean reward over Scored trajectories (mean@K when every problem has K scored samples).</summary>
    public required double? MeanReward { get; init; }

    /// <summary>Mean over problems of each problem's mean Scored reward.</summary>
    public required double? MeanAtK { get; init; }

    /// <summary>pass@k by k (1 and the smallest number of scored samples of a problem).</summary>
    public required IReadOnlyDictionary<int, double> PassAtK { get; init; }

    /// <summary>Share of problems with two or more scored samples whose rewards are all equal.</summary>
    public required double ZeroVarianceShare { get; init; }

    /// <summary>Mean model calls per episode.</summary>
    public required double MeanTurns { get; init; }

    /// <summary>Most model calls of an episode.</summary>
    public required int MaxTurns { get; init; }

    /// <summary>Successful episodes, and the steps at which their success became certain.</summary>
    public required IReadOnlyList<int> SuccessSteps { get; init; }

    /// <summary>Tokens over the run.</summary>
    public required TokenUsage Usage { get; init; }

    /// <summary>Median episode latency.</summary>
    public required TimeSpan P50 { get; init; }

    /// <summary>90th percentile episode latency.</summary>
    public required TimeSpan P90 { get; init; }

    /// <summary>Summarises trajectories.</summary>
    /// <param name="trajectories">The trajectories (one per sample id).</param>
    public static RolloutSummary Create(IReadOnlyList<Trajectory> trajectories)
    {
        ArgumentNullException.ThrowIfNull(trajectories);
        var rewards = trajectories.Select(t => t.Reward).ToArray();
        var keys = trajectories.Select(t => t.ProblemKey).ToArray();
        var scored = trajectories.Where(t => t.Reward.IsScored).ToList();
        var groups = scored.GroupBy(t => t.ProblemKey, StringComparer.Ordinal).ToList();
        var passAtK = new SortedDictionary<int, double>();
        int smallest = groups.Select(g => g.Count()).DefaultIfEmpty(0).Min();
        foreach (int k in new[] { 1, smallest }.Where(k => k >= 1).Distinct())
        {
            if (GroupStatistics.MeanPassAtK(rewards, keys, k) is { } value)
            {
                passAtK[k] = value;
            }
        }

        var latencies = trajectories.Select(t => t.Latency).Order().ToArray();
        return new RolloutSummary
        {
            Total = trajectories.Count,
            ByOutcome = Enum.GetValues<Outcome>().ToDictionary(o => o, o => trajectories.Count(t => t.Reward.Outcome == o)),
            ByReason = trajectories.GroupBy(t => t.Reward.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            ByEnd = Enum.GetValues<EpisodeEnd>().ToDictionary(e => e, e => trajectories.Count(t => t.End == e)),
            MeanReward = scored.Count == 0 ? null : scored.Average(t => t.Reward.Value),
            MeanAtK = groups.Count == 0 ? null : groups.Average(g => g.Average(t => t.Reward.Value)),
            PassAtK = passAtK,
            ZeroVarianceShare = GroupStatistics.ZeroVarianceShare(rewards, keys),
            MeanTurns = trajectories.Count == 0 ? 0 : trajectories.Average(t => t.Turns),
            MaxTurns = trajectories.Select(t => t.Turns).DefaultIfEmpty(0).Max(),
            SuccessSteps = [.. trajectories.Select(t => t.SuccessStep).OfType<int>()],
            Usage = trajectories.Aggregate(TokenUsage.None, (sum, t) => sum.Add(t.Usage)),
            P50 = Percentile(latencies, 0.50),
            P90 = Percentile(latencies, 0.90),
        };
    }

    /// <summary>The summary as aligned text lines (the <c>rlvr eval --model</c> summary).</summary>
    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"episodes      {Total}");
        text.AppendLine(c, $"mean reward   {(MeanReward is { } mean ? mean.ToString("0.0000", c) : "n/a")} over {ByOutcome[Outcome.Scored]} scored episode(s)");
        text.AppendLine(c, $"outcomes      scored {ByOutcome[Outcome.Scored]}, unscorable {ByOutcome[Outcome.Unscorable]}, infra_error {ByOutcome[Outcome.InfraError]}");
        text.AppendLine(c, $"reasons       {string.Join(", ", ByReason.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}");
        if (PassAtK.Count > 0)
        {
            text.AppendLine(c, $"pass@k        {string.Join(", ", PassAtK.Select(p => string.Create(c, $"pass@{p.Key} {p.Value:0.0000}")))}");
        }

        if (MeanAtK is { } meanAtK)
        {
            text.AppendLine(c, $"mean@K        {meanAtK:0.0000}; zero-variance groups {ZeroVarianceShare:0.0000}");
        }

        text.AppendLine(c, $"ends          terminated {ByEnd[EpisodeEnd.Terminated]}, truncated {ByEnd[EpisodeEnd.Truncated]}, error {ByEnd[EpisodeEnd.Error]}; turns mean {MeanTurns:0.##}, max {MaxTurns}");
        if (SuccessSteps.Count > 0)
        {
            text.AppendLine(c, $"success step  {SuccessSteps.Count} successful episode(s); success certain at step mean {SuccessSteps.Average():0.##}, min {SuccessSteps.Min()}, max {SuccessSteps.Max()}");
        }

        text.AppendLine(c, $"tokens        input {Usage.InputTokens}, output {Usage.OutputTokens}");
        text.AppendLine(c, $"latency       p50 {P50.TotalMilliseconds:0.###} ms, p90 {P90.TotalMilliseconds:0.###} ms");
        return text.ToString();
    }

    private static TimeSpan Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
