using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.NumberComparedAsTextAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.NumberComparedAsTextCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class NumberComparedAsTextCodeFixTests
{
    [Fact]
    public Task CommaRemovalWithComparison_Fix_StripsOnlyThousandsSeparators() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class CommaVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string answer = {|RLVR1016:completion.Text.Trim().Replace(",", "", StringComparison.Ordinal)|};
                return new(string.Equals(answer, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class CommaVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string answer = AnswerExtractor.StripThousandsSeparators(completion.Text.Trim());
                return new(string.Equals(answer, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task StringEmptyInsideACall_Fix_KeepsTheCallChain() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected) =>
                string.Equals({|RLVR1016:response.Replace(",", string.Empty)|}.Trim(), expected, StringComparison.Ordinal) ? 1.0 : 0.0;
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected) =>
                string.Equals(AnswerExtractor.StripThousandsSeparators(response).Trim(), expected, StringComparison.Ordinal) ? 1.0 : 0.0;
        }
        """);
}
