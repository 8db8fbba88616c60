using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.BlockingCallInRewardAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx.BlockingCallInRewardCodeFix>;
using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.BlockingCallInRewardAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class BlockingCallInRewardAnalyzerTests
{
    [Fact]
    public Task Verifier_ResultOfSandboxCall_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class SandboxVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var sandbox = {|RLVR3002:context.Sandboxes.AcquireAsync(new SandboxSpec("image"), context.CancellationToken).Result|};
                return new(sandbox is null ? Reward.Wrong() : Reward.Correct());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_SleepAndWait_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                {|RLVR3002:Thread.Sleep(100)|};
                var check = Task.Run(() => response == expected);
                {|RLVR3002:check.Wait()|};
                return 1.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_GetAwaiterGetResult_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("judge", (p, c) => {|RLVR3002:Judge.AskAsync(c.Text).GetAwaiter().GetResult()|} ? Reward.Correct() : Reward.Wrong())
                .Build();
        }

        public static class Judge
        {
            public static Task<bool> AskAsync(string text) => Task.FromResult(text.Length > 0);
        }
        """);

    [Fact]
    public Task AsyncVerifier_WaitForExit_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Diagnostics;

        public sealed record Problem(string Answer);

        public sealed class ProcessVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                using var process = Process.Start("true")!;
                {|RLVR3002:process.WaitForExit()|};
                await Task.Yield();
                return process.ExitCode == 0 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Verifier_ResultAfterAwaitOrCompletionCheck_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class SettledVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var first = Task.FromResult(completion.Text);
                var second = Task.FromResult(problem.Answer);
                await Task.WhenAll(first, second);
                bool same = first.Result == second.Result;
                ValueTask<int> pending = new(1);
                int n = pending.IsCompletedSuccessfully ? pending.Result : await pending;
                await Task.Delay(10, context.CancellationToken);
                return same && n == 1 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_Blocking_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Program
        {
            public static int Main() => Task.FromResult(0).Result + Task.Run(() => 1).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task CodeFix_ResultInAsyncMethod_AwaitsWithConfigureAwait() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class JudgeVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await Task.Yield();
                string verdict = {|RLVR3002:AskAsync(completion.Text).Result|}.Trim();
                {|RLVR3002:Thread.Sleep(5)|};
                return verdict == problem.Answer ? Reward.Correct() : Reward.Wrong();
            }

            private static Task<string> AskAsync(string text) => Task.FromResult(text);
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class JudgeVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await Task.Yield();
                string verdict = (await AskAsync(completion.Text).ConfigureAwait(false)).Trim();
                await Task.Delay(5).ConfigureAwait(false);
                return verdict == problem.Answer ? Reward.Correct() : Reward.Wrong();
            }

            private static Task<string> AskAsync(string text) => Task.FromResult(text);
        }
        """);

    [Fact]
    public Task CodeFix_GetResultInAsyncLambda_Awaits() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static IVerifier<Problem> Build() => Verifier.Create<Problem>(async (p, c, ctx) =>
            {
                await Task.Yield();
                bool ok = {|RLVR3002:Judge(c.Text).GetAwaiter().GetResult()|};
                return ok ? Reward.Correct() : Reward.Wrong();
            });

            private static Task<bool> Judge(string text) => Task.FromResult(text.Length > 0);
        }
        """,
        """
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static IVerifier<Problem> Build() => Verifier.Create<Problem>(async (p, c, ctx) =>
            {
                await Task.Yield();
                bool ok = await Judge(c.Text).ConfigureAwait(false);
                return ok ? Reward.Correct() : Reward.Wrong();
            });

            private static Task<bool> Judge(string text) => Task.FromResult(text.Length > 0);
        }
        """);

    [Fact]
    public Task CodeFix_WaitWaitAllAndWaitForExit_Await() => VerifyFix.CodeFixAsync(
        """
        using System.Diagnostics;

        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var warm = Task.Delay(1);
                {|RLVR3002:warm.Wait()|};
                {|RLVR3002:Task.WaitAll(Task.Delay(1), Task.Delay(2))|};
                using var process = Process.Start("true")!;
                {|RLVR3002:process.WaitForExit()|};
                await Task.Yield();
                return process.ExitCode == 0 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """,
        """
        using System.Diagnostics;

        public sealed record Problem(string Answer);

        public sealed class RunVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var warm = Task.Delay(1);
                await warm.ConfigureAwait(false);
                await Task.WhenAll(Task.Delay(1), Task.Delay(2)).ConfigureAwait(false);
                using var process = Process.Start("true")!;
                await process.WaitForExitAsync().ConfigureAwait(false);
                await Task.Yield();
                return process.ExitCode == 0 ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task CodeFix_ResultInSynchronousMethod_NotOffered() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class SyncVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR3002:Task.Run(() => completion.Text == problem.Answer).Result|} ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class SyncVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR3002:Task.Run(() => completion.Text == problem.Answer).Result|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    // Issue 18's false alarm: after WhenAll the tasks are complete, so .Result does not block.
    [Fact]
    public Task ResultInLambda_AfterWhenAll_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(IReadOnlyList<string> Tests);

        public sealed class ParallelVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var runs = problem.Tests.Select(t => Task.Run(() => completion.Text.Contains(t, StringComparison.Ordinal))).ToList();
                await Task.WhenAll(runs).ConfigureAwait(false);
                int passed = runs.Count(t => t.Result);
                return problem.Tests.Count > 0 && passed == problem.Tests.Count ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task ResultInLambda_WithoutWhenAll_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(IReadOnlyList<string> Tests);

        public sealed class ParallelVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var runs = problem.Tests.Select(t => Task.Run(() => completion.Text.Contains(t, StringComparison.Ordinal))).ToList();
                await Task.Yield();
                int passed = runs.Count(t => {|RLVR3002:t.Result|});
                return problem.Tests.Count > 0 && passed == problem.Tests.Count ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);
}
