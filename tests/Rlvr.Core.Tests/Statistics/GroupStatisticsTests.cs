using System.Numerics;
using CsCheck;
using Rlvr.Core.Statistics;

namespace Rlvr.Core.Tests.Statistics;

public class GroupStatisticsTests
{
    [Theory]
    [InlineData(5, 2, 1, 0.4)]
    [InlineData(10, 3, 5, 1.0 - (21.0 / 252.0))]
    [InlineData(10, 0, 3, 0.0)]
    [InlineData(10, 10, 1, 1.0)]
    [InlineData(4, 2, 3, 1.0)]
    [InlineData(200, 1, 1, 0.005)]
    public void PassAtK_KnownCases(int n, int c, int k, double expected)
    {
        Assert.Equal(expected, GroupStatistics.PassAtK(n, c, k), 12);
    }

    [Fact]
    public void PassAtK_MatchesExactClosedForm()
    {
        Gen.Int[1, 60].SelectMany(n => Gen.Int[0, n].SelectMany(c => Gen.Int[1, n].Select(k => (n, c, k))))
            .Sample(t =>
            {
                var (n, c, k) = t;
                double exact = 1.0 - (double)(Binomial(n - c, k) * 1_000_000_000_000 / Binomial(n, k)) / 1_000_000_000_000;
                return Math.Abs(GroupStatistics.PassAtK(n, c, k) - exact) < 1e-9;
            }, iter: 2000);
    }

    [Fact]
    public void PassAtK_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupStatistics.PassAtK(5, 6, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupStatistics.PassAtK(5, 1, 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupStatistics.PassAtK(5, 1, 0));
    }

    [Fact]
    public void Advantages_ExcludeNonScored()
    {
        var rewards = new[]
        {
            Reward.Correct(), Reward.Wrong(), Reward.InfraError(Reasons.SandboxError), Reward.Unscorable(Reasons.BadReference),
        };
        string[] groups = ["g", "g", "g", "g"];

        var advantages = GroupStatistics.Advantages(rewards, groups, AdvantageScaling.None);

        // Mean over the two scored items only (0.5), not over four (0.25).
        Assert.Equal(0.5, advantages[0]);
        Assert.Equal(-0.5, advantages[1]);
        Assert.Null(advantages[2]);
        Assert.Null(advantages[3]);
    }

    [Fact]
    public void Advantages_GroupScaling_UsesSampleStd()
    {
        var rewards = new[] { Reward.Correct(), Reward.Wrong(), Reward.Scored(0.5, "partial"), Reward.Correct(), Reward.Correct() };
        string[] groups = ["a", "a", "a", "b", "b"];

        var advantages = GroupStatistics.Advantages(rewards, groups, AdvantageScaling.Group, epsilon: 0);

        // Group a: mean 0.5, sample std 0.5 -> (1-0.5)/0.5 = 1.
        Assert.Equal(1.0, advantages[0]!.Value, 12);
        Assert.Equal(-1.0, advantages[1]!.Value, 12);
        Assert.Equal(0.0, advantages[2]!.Value, 12);
        // Group b has zero variance: its advantages are exactly 0, not 0/0.
        Assert.Equal(0.0, advantages[3]);
        Assert.Equal(0.0, advantages[4]);
    }

    [Fact]
    public void Advantages_Property_ScoredAdvantagesSumToZeroPerGroup()
    {
        var gen = Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.Int[0, 3]).Array[1, 40];
        gen.Sample(items =>
        {
            var rewards = items.Select(i => i.Item3 switch
            {
                0 => Reward.InfraError(Reasons.SandboxError),
                _ => Reward.Scored(i.Item2, "r"),
            }).ToArray();
            var groups = items.Select(i => i.Item1.ToString()).ToArray();
            foreach (var scaling in Enum.GetValues<AdvantageScaling>())
            {
                var advantages = GroupStatistics.Advantages(rewards, groups, scaling);
                for (int i = 0; i < rewards.Length; i++)
                {
                    if (rewards[i].IsScored != advantages[i].HasValue || (advantages[i] is { } a && !double.IsFinite(a)))
                    {
                        return false;
                    }
                }

                foreach (var group in groups.Distinct())
                {
                    double sum = Enumerable.Range(0, rewards.Length).Where(i => groups[i] == group).Sum(i => advantages[i] ?? 0);
                    if (Math.Abs(sum) > 1e-6)
                    {
                        return false;
                    }
                }
            }

            return true;
        }, iter: 500);
    }

    [Fact]
    public void ZeroVarianceShare_CountsFlatGroupsOfScoredRewards()
    {
        var rewards = new[]
        {
            Reward.Correct(), Reward.Correct(), // a: flat
            Reward.Correct(), Reward.Wrong(),   // b: varied
            Reward.Wrong(), Reward.InfraError(Reasons.SandboxError), Reward.Wrong(), // c: flat once infra is excluded
            Reward.Correct(), // d: single, ignored
        };
        string[] groups = ["a", "a", "b", "b", "c", "c", "c", "d"];

        Assert.Equal(2.0 / 3.0, GroupStatistics.ZeroVarianceShare(rewards, groups), 12);
    }

    [Fact]
    public void MeanPassAtK_UsesScoredOnes()
    {
        var rewards = new[] { Reward.Correct(), Reward.Wrong(), Reward.Wrong(), Reward.Wrong() };
        string[] groups = ["a", "a", "b", "b"];
        Assert.Equal(0.25, GroupStatistics.MeanPassAtK(rewards, groups, 1));
        Assert.Equal(0.5, GroupStatistics.MeanPassAtK(rewards, groups, 2));
        Assert.Null(GroupStatistics.MeanPassAtK(rewards, groups, 3));
    }

    private static BigInteger Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return BigInteger.Zero;
        }

        BigInteger result = BigInteger.One;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
