using Rlvr.Core.Scoring;

namespace Rlvr.Core.Tests.Scoring;

public class ScoringSummaryTests
{
    [Fact]
    public void Create_CountsAndPercentiles()
    {
        var items = Enumerable.Range(1, 100).Select(i => new ScoredItem(
            i.ToString(),
            i <= 50 ? Reward.Correct() : i <= 90 ? Reward.Wrong() : Reward.InfraError(Reasons.SandboxError),
            TimeSpan.FromMilliseconds(i),
            1,
            FromCache: i == 1)).ToList();

        var summary = ScoringSummary.Create(items);

        Assert.Equal(100, summary.Total);
        Assert.Equal(90, summary.ByOutcome[Outcome.Scored]);
        Assert.Equal(0, summary.ByOutcome[Outcome.Unscorable]);
        Assert.Equal(10, summary.ByOutcome[Outcome.InfraError]);
        Assert.Equal(50, summary.ByReason[Reasons.Correct]);
        Assert.Equal(40, summary.ByReason[Reasons.WrongAnswer]);
        Assert.Equal(50.0 / 90.0, summary.MeanReward!.Value, 12);
        Assert.Equal(TimeSpan.FromMilliseconds(50), summary.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(90), summary.P90);
        Assert.Equal(TimeSpan.FromMilliseconds(99), summary.P99);
        Assert.Equal(1, summary.FromCache);
    }

    [Fact]
    public void Create_Empty_NoMean()
    {
        var summary = ScoringSummary.Create([]);
        Assert.Null(summary.MeanReward);
        Assert.Equal(TimeSpan.Zero, summary.P99);
    }
}
