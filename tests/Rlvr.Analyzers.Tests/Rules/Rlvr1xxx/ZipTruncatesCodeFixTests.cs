using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ZipTruncatesAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.ZipTruncatesCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ZipTruncatesCodeFixTests
{
    [Fact]
    public Task ArraysInConditional_Fix_ComparesLengths() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string[] ExpectedLines);

        public sealed class LinesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string[] actual = completion.Text.Split('\n');
                return new({|RLVR1009:actual.Zip(problem.ExpectedLines).All(p => p.First == p.Second)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """,
        """
        public sealed record Problem(string[] ExpectedLines);

        public sealed class LinesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string[] actual = completion.Text.Split('\n');
                return new((actual.Length == problem.ExpectedLines.Length && actual.Zip(problem.ExpectedLines).All(p => p.First == p.Second)) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task ListAndEnumerableReturned_Fix_UsesCountAndCountCall() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static bool Same(List<string> outputs, IEnumerable<string> expected)
            {
                return {|RLVR1009:outputs.Zip(expected, (a, b) => a == b).All(same => same)|};
            }
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static bool Same(List<string> outputs, IEnumerable<string> expected)
            {
                return outputs.Count == expected.Count() && outputs.Zip(expected, (a, b) => a == b).All(same => same);
            }
        }
        """);
}
