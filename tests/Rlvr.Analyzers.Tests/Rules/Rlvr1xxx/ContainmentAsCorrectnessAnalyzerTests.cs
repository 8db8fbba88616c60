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

    // Shapes beyond the rule page (issue 18): the values are followed, not the syntax.
    [Fact]
    public Task AnyLambda_CompletionContainsAcceptedAnswer_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Accepted);

        public sealed class AnyVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(problem.Accepted.Any(a => {|RLVR1001:completion.Text.Contains(a, StringComparison.Ordinal)|}) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task AnyLambda_ExactMatchOfAcceptedAnswer_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Accepted);

        public sealed class AnyVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(problem.Accepted.Any(a => string.Equals(completion.Text.Trim(), a, StringComparison.Ordinal))
                    && !problem.Accepted.Any(a => a.Contains("<", StringComparison.Ordinal))
                    ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task ForeachOverAcceptedAnswers_StartsWith_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] string[] Accepted);

        public sealed class LoopVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                foreach (var accepted in problem.Accepted)
                {
                    if ({|RLVR1001:completion.Text.StartsWith(accepted, StringComparison.Ordinal)|})
                    {
                        return new(Reward.Correct());
                    }
                }

                return new(Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RecordComputedProperty_EndsWithExpected_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] string Key);

        public sealed record Attempt(string Text, string Key)
        {
            public bool Passed => {|RLVR1001:Text.Trim().EndsWith(Key, StringComparison.Ordinal)|};
        }

        public sealed class AttemptVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(new Attempt(completion.Text, problem.Key).Passed ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RecordComputedProperty_TwoProblemFields_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Title, [property: Reference] string Key);

        public sealed record Entry(string Title, string Key)
        {
            public bool Prefixed => Title.EndsWith(Key, StringComparison.Ordinal);
        }

        public sealed class EntryVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(new Entry(problem.Title, problem.Key).Prefixed && completion.Text == problem.Key ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task ExtensionMethodHelper_ContainsReference_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] string Key);

        public static class TextExtensions
        {
            public static bool Mentions(this string text, string key) => {|RLVR1001:text.Contains(key, StringComparison.OrdinalIgnoreCase)|};
        }

        public sealed class ExtensionVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Mentions(problem.Key) ? Reward.Correct() : Reward.Wrong());
        }
        """);
}
