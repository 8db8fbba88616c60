using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.TimeoutNotEnforcedAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class TimeoutNotEnforcedAnalyzerTests
{
    [Fact]
    public Task Verifier_TimedSourceTokenNeverPassed_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                using var {|RLVR3004:timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5))|};
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                return Reward.Correct();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_CancellationReturnsZero_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static async Task<double> ScoreAsync(string response, string expected, CancellationToken token)
            {
                try
                {
                    await Task.Delay(10, token);
                    return response == expected ? 1.0 : 0.0;
                }
                catch ({|RLVR3004:OperationCanceledException|})
                {
                    return 0.0;
                }
            }
        }
        """);

    [Fact]
    public Task RubricLambda_TimeoutReturnsPlainWrong_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static IVerifier<Problem> Build() => Verifier.Create<Problem>(async (p, c, ctx) =>
            {
                try
                {
                    await Task.Delay(10, ctx.CancellationToken);
                    return c.Text == p.Answer ? Reward.Correct() : Reward.Wrong();
                }
                catch ({|RLVR3004:TaskCanceledException|})
                {
                    return Reward.Wrong();
                }
            });
        }
        """);

    [Fact]
    public Task Helper_CancelAfterWithoutToken_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                await Runner.RunAsync(completion.Text) ? Reward.Correct() : Reward.Wrong();
        }

        public static class Runner
        {
            public static async Task<bool> RunAsync(string code)
            {
                var {|RLVR3004:cts = CancellationTokenSource.CreateLinkedTokenSource(CancellationToken.None)|};
                cts.CancelAfter(1000);
                await Task.Delay(code.Length);
                return true;
            }
        }
        """);

    [Fact]
    public Task Verifier_TokenPassedAndExplicitReason_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class GoodVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                using var plain = new CancellationTokenSource();
                try
                {
                    await Task.Delay(10, timeout.Token);
                    return Reward.Correct();
                }
                catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
                {
                    return Reward.Wrong(Reasons.TimeLimit);
                }
                catch (TimeoutException)
                {
                    return Reward.Wrong(Reasons.TimeLimit, "candidate ran past its limit");
                }
            }
        }
        """);

    [Fact]
    public Task Verifier_CancellationMappedToInfraError_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class InfraVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                try
                {
                    await Task.Delay(10, context.CancellationToken);
                    return Reward.Correct();
                }
                catch (OperationCanceledException)
                {
                    return Reward.InfraError(Reasons.VerifierTimeout);
                }
            }
        }
        """);
}
