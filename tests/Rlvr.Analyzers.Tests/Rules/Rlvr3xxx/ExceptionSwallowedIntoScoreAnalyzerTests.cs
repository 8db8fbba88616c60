using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.ExceptionSwallowedIntoScoreAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class ExceptionSwallowedIntoScoreAnalyzerTests
{
    [Fact]
    public Task Verifier_CatchExceptionReturnsWrong_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try
                {
                    await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                    return Reward.Correct();
                }
                {|RLVR3003:catch (Exception ex)|}
                {
                    return Reward.Wrong(Reasons.RuntimeError, ex.Message);
                }
            }
        }
        """);

    [Fact]
    public Task RewardFunction_BareCatchReturnsZero_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                try
                {
                    return double.Parse(response, System.Globalization.CultureInfo.InvariantCulture) == double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture) ? 1.0 : 0.0;
                }
                {|RLVR3003:catch|}
                {
                    return 0.0;
                }
            }
        }
        """);

    [Fact]
    public Task RubricLambda_CatchExceptionWrappedValueTask_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static IVerifier<Problem> Build() => Verifier.Create<Problem>((p, c, ctx) =>
            {
                try
                {
                    return new ValueTask<Reward>(Check(c.Text, p.Answer));
                }
                {|RLVR3003:catch (Exception)|}
                {
                    return new ValueTask<Reward>(Reward.Wrong().WithDetail("crashed"));
                }
            });

            private static Reward Check(string text, string answer) => text == answer ? Reward.Correct() : Reward.Wrong();
        }
        """);

    [Fact]
    public Task Verifier_InfraErrorFilterSpecificOrRethrow_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class CarefulVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try { return new(Check(completion.Text)); }
                catch (FormatException) { return new(Reward.Wrong(Reasons.Unparseable)); }
                catch (InvalidOperationException ex) when (ex.Message.Length > 0) { return new(Reward.Wrong()); }
                catch (Exception ex) { return new(Reward.InfraError("exception", ex.Message)); }
            }

            private static Reward Check(string text)
            {
                try { return text.Length > 0 ? Reward.Correct() : Reward.Wrong(); }
                catch (Exception) { context(); throw; }

                static void context() { }
            }
        }
        """);

    [Fact]
    public Task Helper_ParseSentinelOutsideScore_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Numbers.Parse(completion.Text) == 4 ? Reward.Correct() : Reward.Wrong());
        }

        public static class Numbers
        {
            public static int Parse(string text)
            {
                try { return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture); }
                catch (Exception) { return -1; }
            }
        }
        """);

    [Fact]
    public Task Verifier_CatchAllReturnsFullMarks_LeftToRlvr1003() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class FailOpenVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try { return new(completion.Text == problem.Answer ? Reward.Correct() : Reward.Wrong()); }
                catch (Exception) { return new(Reward.Correct()); }
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task CatchAssignsZero_FallsThroughToScored_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class FallThroughVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                double score;
                try
                {
                    score = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture) == double.Parse(problem.Answer, System.Globalization.CultureInfo.InvariantCulture) ? 1.0 : 0.0;
                }
                {|RLVR3003:catch (Exception)|}
                {
                    score = 0;
                }

                return new(Reward.Scored(score, "parsed"));
            }
        }
        """);

    [Fact]
    public Task CatchFormatException_AssignsZero_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class FallThroughVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                double score;
                try
                {
                    score = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture) == 1.0 ? 1.0 : 0.0;
                }
                catch (FormatException)
                {
                    score = 0;
                }

                return new(Reward.Scored(score, "parsed"));
            }
        }
        """);
}
