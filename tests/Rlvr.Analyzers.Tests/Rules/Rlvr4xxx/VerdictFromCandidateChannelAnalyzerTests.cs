using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr4xxx.VerdictFromCandidateChannelAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr4xxx;

public class VerdictFromCandidateChannelAnalyzerTests
{
    [Fact]
    public Task Verifier_StdoutContainsPassed_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Tests);

        public sealed class PytestVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var run = await sandbox.ExecAsync(new ExecRequest(["pytest", "-q"]), context.CancellationToken);
                return {|RLVR4003:run.StdoutText.Contains("passed", StringComparison.OrdinalIgnoreCase)|} ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_LastLineEqualsOk_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(ExecResult result)
            {
                var lines = result.StdoutText.Trim().Split('\n');
                return {|RLVR4003:lines[^1] == "OK"|} ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task Helper_StderrHasNoFail_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var run = await sandbox.ExecAsync(new ExecRequest(["python3", "test.py"]), context.CancellationToken);
                return Verdicts.Passed(run) ? Reward.Correct() : Reward.Wrong();
            }
        }

        public static class Verdicts
        {
            public static bool Passed(ExecResult run)
            {
                string log = run.StderrText;
                return !{|RLVR4003:log.Contains("FAIL")|};
            }
        }
        """);

    [Fact]
    public Task Verifier_StdoutComparedToExpected_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Input, string ExpectedOutput);

        public sealed class IoVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var run = await sandbox.ExecAsync(new ExecRequest(["python3", "main.py"]), context.CancellationToken);
                bool same = string.Equals(run.StdoutText.Trim(), problem.ExpectedOutput.Trim(), StringComparison.Ordinal);
                bool compiled = !run.StderrText.Contains("SyntaxError");
                return same && compiled && run.ExitCode == 0 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Verifier_CompletionTextContainsPassed_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class TextVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Contains("password") || problem.Answer == "OK" ? Reward.Wrong() : Reward.Correct());
        }
        """);
}
