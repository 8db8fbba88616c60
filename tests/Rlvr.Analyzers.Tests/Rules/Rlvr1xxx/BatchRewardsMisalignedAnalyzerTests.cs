using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.BatchRewardsMisalignedAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class BatchRewardsMisalignedAnalyzerTests
{
    [Fact]
    public Task RewardFunction_ContinueSkipsAdd_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static List<double> Score(IReadOnlyList<string> completions, string expected)
            {
                var rewards = new List<double>();
                foreach (var completion in completions)
                {
                    if (completion.Length == 0)
                    {
                        continue;
                    }

                    {|RLVR1017:rewards.Add(completion == expected ? 1.0 : 0.0)|};
                }

                return rewards;
            }
        }
        """);

    [Fact]
    public Task RewardFunction_CatchAddsNothing_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static List<double> Score(IReadOnlyList<string> completions, IReadOnlyList<double> expected)
            {
                var rewards = new List<double>();
                for (int i = 0; i < completions.Count; i++)
                {
                    try
                    {
                        {|RLVR1017:rewards.Add(Math.Abs(double.Parse(completions[i], System.Globalization.CultureInfo.InvariantCulture) - expected[i]) < 1e-6 ? 1.0 : 0.0)|};
                    }
                    catch (FormatException)
                    {
                    }
                }

                return rewards;
            }
        }
        """);

    [Fact]
    public Task RewardClass_ListOfRewardsWithContinue_Reports() => VerifyRule.AnalyzerAsync("""
        [RewardFunction]
        public sealed class BatchScorer
        {
            public List<Reward> Score(IEnumerable<Completion> completions)
            {
                var results = new List<Reward>();
                foreach (var completion in completions)
                {
                    if (string.IsNullOrWhiteSpace(completion.Text)) continue;
                    {|RLVR1017:results.Add(Reward.Correct())|};
                }

                return results;
            }
        }
        """);

    [Fact]
    public Task RewardFunction_PresizedArrayByIndex_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double[] Score(IReadOnlyList<string> completions, string expected)
            {
                var rewards = new double[completions.Count];
                for (int i = 0; i < completions.Count; i++)
                {
                    if (completions[i].Length == 0)
                    {
                        continue;
                    }

                    rewards[i] = completions[i] == expected ? 1.0 : 0.0;
                }

                return rewards;
            }
        }
        """);

    [Fact]
    public Task RewardFunction_EveryPathAdds_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static List<double> Score(IReadOnlyList<string> completions, string expected)
            {
                var rewards = new List<double>();
                foreach (var completion in completions)
                {
                    if (completion.Length == 0)
                    {
                        rewards.Add(0.0);
                        continue;
                    }

                    try
                    {
                        rewards.Add(completion == expected ? 1.0 : 0.0);
                    }
                    catch (InvalidOperationException)
                    {
                        rewards.Add(0.0);
                    }
                }

                return rewards;
            }
        }
        """);
}
