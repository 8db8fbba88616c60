using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr2xxx.HashOrderDecidesRewardAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr2xxx;

public class HashOrderDecidesRewardAnalyzerTests
{
    [Fact]
    public Task Verifier_FirstOfHashSet_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class SetVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var answers = new HashSet<string>(completion.Text.Split(','));
                return new({|RLVR2003:answers.First()|} == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_JoinDictionaryKeys_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                var counts = new Dictionary<char, int>();
                foreach (char c in response) { counts[c] = counts.TryGetValue(c, out int n) ? n + 1 : 1; }
                return {|RLVR2003:string.Join("", counts.Keys)|} == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_ToListIndexOfSet_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("first", (p, c) => {|RLVR2003:c.Text.Split(' ').ToHashSet().ToList()[0]|} == p.Answer ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_OrderIndependentUses_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string[] Answers);

        public sealed class SetVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var given = new HashSet<string>(completion.Text.Split(','), StringComparer.Ordinal);
                bool same = given.SetEquals(problem.Answers) && given.Count == problem.Answers.Length && given.All(a => a.Length > 0);
                string sorted = string.Join(",", given.OrderBy(a => a, StringComparer.Ordinal));
                string first = problem.Answers.First();
                return new(same && sorted.Length > 0 && given.Contains(first) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_FirstOfSet_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Sets
        {
            public static string Any(HashSet<string> set) => set.First();
        }
        """);
}
