using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr4xxx.ModelOutputEvaluatedAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr4xxx;

public class ModelOutputEvaluatedAnalyzerTests
{
    [Fact]
    public Task Verifier_DataTableComputeOnCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double Target);

        public sealed class CountdownVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var value = {|RLVR4001:new System.Data.DataTable().Compute(completion.Text.Trim(), "")|};
                return new(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) == problem.Target ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_ProcessStartWithCode_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Diagnostics;

        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                var code = AnswerExtractor.FencedCode(response).Value ?? "";
                using var process = {|RLVR4001:Process.Start("python3", "-c \"" + code + "\"")|};
                process.WaitForExit(1000);
                return process.ExitCode == 0 ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_StartInfoAndStandardInput_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Diagnostics;

        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("run", (p, c) =>
                {
                    var info = new ProcessStartInfo("python3") { RedirectStandardInput = true };
                    {|RLVR4001:info.Arguments = c.Text|};
                    using var process = Process.Start(info)!;
                    {|RLVR4001:process.StandardInput.Write(c.Text)|};
                    return Reward.Wrong();
                })
                .Build();
        }
        """);

    [Fact]
    public Task Helper_AssemblyLoadOfCompletionBytes_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Loader.Run(completion.Text) ? Reward.Correct() : Reward.Wrong());
        }

        public static class Loader
        {
            public static bool Run(string completion) =>
                {|RLVR4001:System.Reflection.Assembly.Load(Convert.FromBase64String(completion))|} is not null;
        }
        """);

    [Fact]
    public Task Verifier_SandboxAndFixedProcess_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        using System.Diagnostics;

        public sealed record Problem(string Expression);

        public sealed class SandboxVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var expected = new System.Data.DataTable().Compute(problem.Expression, "");
                using var tool = Process.Start("git", "--version");
                await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("python"), context.CancellationToken);
                var run = await sandbox.ExecAsync(new ExecRequest(["python3", "-c", completion.Text]), context.CancellationToken);
                return run.StdoutText == expected?.ToString() ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_ComputeOnText_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Calculator
        {
            public static object Evaluate(string completion) => new System.Data.DataTable().Compute(completion, "");
        }
        """);
}
