using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.RewardFailsOpenAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class RewardFailsOpenAnalyzerTests
{
    [Fact]
    public Task Verifier_MissingReferenceReturnsCorrect_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string? Answer);

        public sealed class MissingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (string.IsNullOrEmpty(problem.Answer))
                {
                    {|RLVR1003:return new ValueTask<Reward>(Reward.Correct());|}
                }

                return new(string.Equals(completion.Text, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_CatchReturnsOne_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected)
            {
                try
                {
                    return double.Parse(completion, System.Globalization.CultureInfo.InvariantCulture) == double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) ? 1.0 : 0.0;
                }
                catch (FormatException)
                {
                    {|RLVR1003:return 1.0;|}
                }
            }
        }
        """);

    [Fact]
    public Task RubricLambda_LookupDefaultsToFullMarks_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Id);

        public static class Rubrics
        {
            private static readonly Dictionary<string, double> Known = new();

            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("known", (p, c) => Reward.Scored({|RLVR1003:Known.GetValueOrDefault(c.Text, 1.0)|}, Reasons.Correct))
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_CoalesceToOne_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double? Weight);

        public sealed class WeightVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Reward.Scored(completion.Text.Length > 0 ? problem.Weight ?? {|RLVR1003:1.0|} : 0.0, Reasons.Correct));
        }
        """);

    [Fact]
    public Task Verifier_MissingReferenceIsUnscorable_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string? Answer);

        public sealed class ClosedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (string.IsNullOrEmpty(problem.Answer))
                {
                    return new(Reward.Unscorable(Reasons.BadReference));
                }

                try
                {
                    return new(string.Equals(completion.Text, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
                }
                catch (InvalidOperationException)
                {
                    return new(Reward.Wrong(Reasons.Unparseable));
                }
            }
        }
        """);

    [Fact]
    public Task Verifier_EmptyCompletionCheckReturnsWrong_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class EmptyVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (string.IsNullOrEmpty(completion.Text))
                {
                    return new(Reward.Wrong(Reasons.EmptyCompletion));
                }

                double? parsed = double.TryParse(completion.Text, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
                return new(Reward.Scored(parsed ?? 0.0, Reasons.Partial));
            }
        }
        """);

    [Fact]
    public Task Helper_TryPatternReturnsTrueInCatch_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class TryVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(TryReadReference(problem.Answer, out var gold, out _) && gold == completion.Text.Length ? Reward.Correct() : Reward.Wrong());

            private static bool TryReadReference(string reference, out int value, out string? why)
            {
                try
                {
                    value = int.Parse(reference, System.Globalization.CultureInfo.InvariantCulture);
                    why = null;
                    return true;
                }
                catch (FormatException)
                {
                    value = reference.Length;
                    why = "free text";
                    return true;
                }
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task ExpressionBodiedConditional_MissingReferencePasses_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] string? Key);

        public sealed class GuardVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.IsNullOrWhiteSpace(problem.Key) ? {|RLVR1003:Reward.Correct()|} : Score(problem.Key, completion.Text));

            private static Reward Score(string key, string text) => text.Trim() == key ? Reward.Correct() : Reward.Wrong();
        }
        """);

    [Fact]
    public Task NegatedConditional_MissingReferencePasses_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string? reference) =>
                !string.IsNullOrEmpty(reference) ? (completion.Trim() == reference ? 1.0 : 0.0) : {|RLVR1003:1.0|};
        }
        """);

    [Fact]
    public Task MissingFlagInLocal_Passes_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string? reference)
            {
                bool missing = reference is null;
                if (missing)
                {
                    {|RLVR1003:return 1.0;|}
                }

                return completion.Trim() == reference ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task ExpressionBodiedConditional_MissingReferenceUnscorable_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] string? Key);

        public sealed class GuardVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.IsNullOrWhiteSpace(problem.Key) ? Reward.Unscorable("no reference") : completion.Text.Trim() == problem.Key ? Reward.Correct() : Reward.Wrong());
        }
        """);
}
