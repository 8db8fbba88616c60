using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ExitCodeAloneAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ExitCodeAloneAnalyzerTests
{
    private const string Problem = """
        public sealed record Problem(string Tests);

        """;

    [Fact]
    public Task Verifier_SandboxExitCodeDecides_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class ExitVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                ExecResult result = await sandbox.ExecAsync(new ExecRequest(["python", "-c", completion.Text + problem.Tests]), context.CancellationToken);
                return {|RLVR1008:result.ExitCode == 0|} ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_ProcessExitCodeGate_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(System.Diagnostics.Process process)
            {
                if ({|RLVR1008:process.ExitCode != 0|})
                {
                    return 0.0;
                }

                return 1.0;
            }
        }
        """);

    [Fact]
    public Task Helper_ExitCodeToScore_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Grade(new ExecResult { ExitCode = completion.Text.Length }));

            private static Reward Grade(ExecResult run) => {|RLVR1008:run.ExitCode == 0|} ? Reward.Correct() : Reward.Wrong();
        }
        """);

    [Fact]
    public Task Verifier_ExitCodeThenOutputCompared_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class OutputVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var result = new ExecResult { ExitCode = completion.Text.Length };
                if (result.ExitCode != 0)
                {
                    return new(Reward.Wrong(Reasons.RuntimeError));
                }

                return new(string.Equals(result.StdoutText.Trim(), problem.Tests, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Helper_CompileStepExitCodeWithoutPass_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class CompileVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Compiled(new ExecResult { ExitCode = completion.Text.Length }) is null ? Reward.Wrong(Reasons.CompileError) : Reward.Wrong());

            private static string? Compiled(ExecResult compile) => compile.ExitCode == 0 ? "a.out" : null;
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task ExitCodeIsZeroPattern_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class PatternVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var result = await sandbox.ExecAsync(new ExecRequest(["python", "-c", completion.Text + problem.Tests]), context.CancellationToken);
                return {|RLVR1008:result.ExitCode is 0|} ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task ExitCodeInBoolLocal_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class LocalVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var result = await sandbox.ExecAsync(new ExecRequest(["python", "-c", completion.Text + problem.Tests]), context.CancellationToken);
                bool ok = {|RLVR1008:result.ExitCode is 0|};
                return ok ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task ExitCodeIsZeroPattern_OutputCompared_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class PatternVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var result = await sandbox.ExecAsync(new ExecRequest(["python", "-c", completion.Text]), context.CancellationToken);
                return result.ExitCode is 0 && result.StdoutText.Trim() == problem.Tests ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);
}
