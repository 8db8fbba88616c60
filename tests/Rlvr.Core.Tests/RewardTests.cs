namespace Rlvr.Core.Tests;

public class RewardTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-0.0001)]
    [InlineData(1.0001)]
    [InlineData(-1)]
    [InlineData(2)]
    public void Scored_NonFiniteOrOutOfRange_Throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Reward.Scored(value, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Reward.Correct().WithComponent("c", value));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(1.0)]
    public void Scored_InRange_KeepsValue(double value)
    {
        var reward = Reward.Scored(value, "partial");
        Assert.Equal(value, reward.Value);
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.True(reward.IsScored);
    }

    [Fact]
    public void WithMetric_NonFinite_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Reward.Correct().WithMetric("m", double.NaN));
        Assert.Equal(1e9, Reward.Correct().WithMetric("m", 1e9).Metrics["m"]);
    }

    [Fact]
    public void NonScored_HaveZeroValueAndAreNotScored()
    {
        var infra = Reward.InfraError(Reasons.SandboxError, "daemon down");
        var unscorable = Reward.Unscorable(Reasons.BadReference);
        Assert.Equal(0.0, infra.Value);
        Assert.False(infra.IsScored);
        Assert.Equal(Outcome.InfraError, infra.Outcome);
        Assert.Equal("daemon down", infra.Detail);
        Assert.False(unscorable.IsScored);
    }

    [Fact]
    public void With_ReturnsCopies_OriginalUnchanged()
    {
        var original = Reward.Wrong();
        var changed = original.WithComponent("format", 1).WithMetric("tokens", 12).WithEvidence("answer", "42");
        Assert.Empty(original.Components);
        Assert.Empty(original.Metrics);
        Assert.Empty(original.Evidence);
        Assert.Equal(1, changed.Components["format"]);
        Assert.Equal(12, changed.Metrics["tokens"]);
        Assert.Equal("42", changed.Evidence["answer"]);
    }

    [Fact]
    public void Factories_RejectEmptyReason()
    {
        Assert.ThrowsAny<ArgumentException>(() => Reward.Scored(1, " "));
        Assert.ThrowsAny<ArgumentException>(() => Reward.InfraError(""));
    }
}
