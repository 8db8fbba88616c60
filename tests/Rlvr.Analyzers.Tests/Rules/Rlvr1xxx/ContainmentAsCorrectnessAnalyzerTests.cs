using Rlvr.Analyzers.Rules.Rlvr1xxx;
using Rlvr.Analyzers.Tests.Infrastructure;
using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ContainmentAsCorrectnessAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ContainmentAsCorrectnessAnalyzerTests
{
    [Fact]
    public Task Verifier_CompletionContainsReference_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class ContainsVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR1001:completion.Text.Contains(problem.Answer, StringComparison.Ordinal)|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_ExtractedAnswerEndsWithExpected_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                var answer = response.Trim().ToUpperInvariant();
                return {|RLVR1001:answer.EndsWith(expected, StringComparison.Ordinal)|} ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_ReferenceIndexOfCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] string Gold);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("match", (p, c) => {|RLVR1001:p.Gold.IndexOf(c.Text, StringComparison.Ordinal)|} >= 0 ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task HelperCalledFromVerifier_Contains_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Grading.Matches(completion.Text, problem.Answer) ? Reward.Correct() : Reward.Wrong());
        }

        public static class Grading
        {
            public static bool Matches(string completion, string expected) => {|RLVR1001:completion.Contains(expected)|};
        }
        """);

    [Fact]
    public Task Verifier_ContainsLiteralTag_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class TagVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Contains("<answer>", StringComparison.Ordinal)
                    && string.Equals(completion.Text.Trim(), problem.Answer, StringComparison.Ordinal)
                    ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task OutsideRewardCode_Contains_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Search
        {
            public static bool Find(string completion, string expected) => completion.Contains(expected);
        }
        """);

    [Fact]
    public Task Verifier_ListOfAcceptedAnswersContains_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(IReadOnlyList<string> Accepted);

        public sealed class SetVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(problem.Accepted.Contains(completion.Text.Trim()) ? Reward.Correct() : Reward.Wrong());
        }
        """);
}
