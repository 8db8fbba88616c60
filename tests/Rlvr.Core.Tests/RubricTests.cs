namespace Rlvr.Core.Tests;

public class RubricTests
{
    private static readonly QaProblem Problem = new("p", "q", "4");
    private static readonly ScoringContext Context = new("sample");

    private static IVerifier<QaProblem> Constant(Reward reward) => Verifier.Create<QaProblem>((_, _) => reward);

    [Fact]
    public void Build_InvalidWeights_Throw()
    {
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder().Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder().Add("a", Constant(Reward.Correct()), -1).Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder().Add("a", Constant(Reward.Correct()), double.NaN).Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder().Add("a", Constant(Reward.Correct()), double.PositiveInfinity).Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder().Add("a", Constant(Reward.Correct()), 0).Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder()
            .Add("a", Constant(Reward.Correct())).Add("a", Constant(Reward.Correct())).Build());
        Assert.Throws<InvalidOperationException>(() => Rubric<QaProblem>.CreateBuilder()
            .Add("a", Constant(Reward.Correct())).AddMetric("a", (_, _) => 1).Build());
    }

    [Fact]
    public async Task Score_WeightedMean_ReportsComponentsAndMetrics()
    {
        var rubric = Rubric<QaProblem>.CreateBuilder()
            .Add("correct", Constant(Reward.Correct()), 3)
            .Add("format", Constant(Reward.Wrong(Reasons.FormatError)), 1)
            .AddMetric("length", (_, c) => c.Text.Length)
            .Build();

        var reward = await rubric.ScoreAsync(Problem, "abcde", Context);

        Assert.Equal(0.75, reward.Value, 12);
        Assert.Equal(Reasons.Correct, reward.Reason);
        Assert.Equal(1.0, reward.Components["correct"]);
        Assert.Equal(0.0, reward.Components["format"]);
        Assert.Equal(5, reward.Metrics["length"]);
    }

    [Fact]
    public async Task Score_AnyInfraError_IsInfraError()
    {
        var rubric = Rubric<QaProblem>.CreateBuilder()
            .Add("correct", Constant(Reward.Correct()), 1)
            .Add("tests", Constant(Reward.InfraError(Reasons.SandboxError, "down")), 1)
            .Build();

        var reward = await rubric.ScoreAsync(Problem, "x", Context);

        Assert.Equal(Outcome.InfraError, reward.Outcome);
        Assert.Equal(Reasons.SandboxError, reward.Reason);
        Assert.Contains("tests", reward.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_Unscorable_IsUnscorable()
    {
        var rubric = Rubric<QaProblem>.CreateBuilder()
            .Add("correct", Constant(Reward.Unscorable(Reasons.BadReference)), 1)
            .Add("format", Constant(Reward.Correct()), 1)
            .Build();

        var reward = await rubric.ScoreAsync(Problem, "x", Context);

        Assert.Equal(Outcome.Unscorable, reward.Outcome);
    }

    [Fact]
    public async Task Single_ReportsItsComponent()
    {
        var reward = await Rubric<QaProblem>.Single("correct", Constant(Reward.Correct())).ScoreAsync(Problem, "x", Context);
        Assert.Equal(1.0, reward.Value);
        Assert.Equal(1.0, reward.Components["correct"]);
    }
}
