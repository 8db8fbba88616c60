using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.UnboundedVerifierWorkAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class UnboundedVerifierWorkAnalyzerTests
{
    [Fact]
    public Task Verifier_SandboxCallsWithoutToken_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await {|RLVR3005:context.Sandboxes.AcquireAsync(new SandboxSpec("python"))|};
                var run = await {|RLVR3005:sandbox.ExecAsync(new ExecRequest(["python3"]), CancellationToken.None)|};
                return run.ExitCode == 0 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_SyncWaitForExitWithoutTimeout_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Diagnostics;

        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                using var process = Process.Start("true")!;
                {|RLVR3005:process.WaitForExit()|};
                return process.ExitCode == 0 && response == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_HttpWithoutToken_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Net.Http;

        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            private static readonly HttpClient Client = new();

            public static IVerifier<Problem> Build() => Verifier.Create<Problem>(async (p, c, ctx) =>
            {
                string verdict = await {|RLVR3005:Client.GetStringAsync("http://localhost/judge")|};
                return verdict == p.Answer ? Reward.Correct() : Reward.Wrong();
            });
        }
        """);

    [Fact]
    public Task Verifier_TokensPassedAndBoundedWait_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        using System.Diagnostics;
        using System.Net.Http;

        public sealed record Problem(string Answer);

        public sealed class GoodVerifier : IVerifier<Problem>
        {
            private static readonly HttpClient Client = new();

            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var run = await sandbox.ExecAsync(new ExecRequest(["python3"]), context.CancellationToken);
                string verdict = await Client.GetStringAsync("http://localhost/judge", context.CancellationToken);
                return Wait() && run.ExitCode == 0 && verdict == problem.Answer ? Reward.Correct() : Reward.Wrong();
            }

            private static bool Wait()
            {
                using var process = Process.Start("true")!;
                return process.WaitForExit(1000);
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_NoToken_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        using System.Net.Http;

        public static class Downloader
        {
            public static Task<string> GetAsync(HttpClient client) => client.GetStringAsync("http://localhost/data");
        }
        """);
}
