using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.RewardIgnoresCompletionAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class RewardIgnoresCompletionAnalyzerTests
{
    [Fact]
    public Task Verifier_CompletionUnused_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class ConstantVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion {|RLVR1010:completion|}, ScoringContext context) =>
                new(problem.Answer.Length > 0 ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_ResponseUnused_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string {|RLVR1010:response|}, string expected) => expected.Length > 0 ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task RubricLambda_CompletionUnused_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("always", (p, {|RLVR1010:c|}) => Reward.Correct())
                .Build();
        }
        """);

    [Fact]
    public Task RubricLambda_DiscardedCompletionBaseline_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("baseline", (p, _) => Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_CompletionRead_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class ReadingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.Equals(completion.Text, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_ReadsCompletionButAlwaysCorrect_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class LoggingVerifier : IVerifier<Problem>
        {
            public int Seen;

            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion {|RLVR1010:completion|}, ScoringContext context)
            {
                await Task.Yield();
                if (completion.Text.Length > 10_000)
                {
                    return Reward.Correct();
                }

                Interlocked.Increment(ref Seen);
                return Reward.Correct();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_SameNumberOnBothBranches_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string {|RLVR1010:response|}, string expected) =>
                response.Trim().Length == 0 ? 0.5 : 0.5;
        }
        """);

    [Fact]
    public Task RubricLambda_UnscorableGuardThenConstant_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string? Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("stub", (p, {|RLVR1010:c|}) =>
                {
                    if (p.Answer is null || c.Text.Length == 0)
                    {
                        return Reward.Unscorable("no reference");
                    }

                    return Reward.Scored(1.0, "ok");
                })
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_ConstantsDifferByPath_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string? Answer);

        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Answer is null)
                {
                    return new(Reward.Unscorable("no reference"));
                }

                if (completion.Text.Length == 0)
                {
                    return new(Reward.Wrong(Reasons.NoAnswer));
                }

                return new(Reward.Correct());
            }
        }
        """);

    [Fact]
    public Task RubricLambda_ConstantOnlyInsideNestedLambda_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(IReadOnlyList<string> Tests);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("tests", (p, c) =>
                {
                    Func<string, bool> always = _ => true;
                    return p.Tests.Count > 0 && p.Tests.All(t => always(t) && c.Text.EndsWith(t, StringComparison.Ordinal)) ? Reward.Correct() : Reward.Wrong();
                })
                .Build();
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task ConstantStubAsMethodGroup_ToRubricBuilder_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", FormatBonus)
                .Build();

            private static Reward FormatBonus(Problem problem, Completion {|RLVR1010:completion|}) =>
                completion.Text.Length > 0 ? Reward.Correct() : Reward.Correct();
        }
        """);

    [Fact]
    public Task UnusedCompletionMethodGroup_ToVerifierCreate_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Verifiers
        {
            public static IVerifier<Problem> Build() => Verifier.Create<Problem>(Stub);

            private static Reward Stub(Problem problem, Completion {|RLVR1010:completion|}) => Reward.Correct();
        }
        """);

    [Fact]
    public Task ScoringMethodGroup_ToRubricBuilder_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("exact", Exact)
                .Build();

            private static Reward Exact(Problem problem, Completion completion) =>
                completion.Text.Trim() == problem.Answer ? Reward.Correct() : Reward.Wrong();
        }
        """);
}
