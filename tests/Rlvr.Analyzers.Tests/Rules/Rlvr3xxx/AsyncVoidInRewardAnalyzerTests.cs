using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.AsyncVoidInRewardAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx.AsyncVoidInRewardCodeFix>;
using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.AsyncVoidInRewardAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class AsyncVoidInRewardAnalyzerTests
{
    [Fact]
    public Task Verifier_AsyncVoidHelperMethod_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class LoggingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                Record(completion.Text);
                return new(Reward.Wrong());
            }

            private async void {|RLVR3007:Record|}(string text) => await Task.Delay(text.Length);
        }
        """);

    [Fact]
    public Task RewardFunction_AsyncVoidLocalFunction_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                Check();
                return response == expected ? 1.0 : 0.0;

                async void {|RLVR3007:Check|}() => await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task RubricLambda_AsyncActionPassedOn_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("run", (p, c) =>
                {
                    Fire({|RLVR3007:async () => await Task.Delay(1)|});
                    return Reward.Wrong();
                })
                .Build();

            private static void Fire(Action action) => action();
        }
        """);

    [Fact]
    public Task Helper_AsyncVoidCalledFromVerifier_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                Audit.Send(completion.Text);
                return new(Reward.Wrong());
            }
        }

        public static class Audit
        {
            public static async void {|RLVR3007:Send|}(string text) => await Task.Delay(text.Length);
        }
        """);

    [Fact]
    public Task Verifier_AsyncTaskAndEventHandler_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class TaskVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await RecordAsync(completion.Text);
                Func<Task> later = async () => await Task.Yield();
                await later();
                return Reward.Wrong();
            }

            private static async Task RecordAsync(string text) => await Task.Delay(text.Length);

            private async void OnTick(object sender, EventArgs e) => await Task.Yield();
        }
        """);

    [Fact]
    public Task OutsideRewardCode_AsyncVoid_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Ui
        {
            public static async void Refresh() => await Task.Yield();
        }
        """);

    [Fact]
    public Task CodeFix_AsyncVoidMethod_ReturnsTask() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class LoggingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) => new(Reward.Wrong());

            private async void {|RLVR3007:Record|}(string text) => await Task.Delay(text.Length);
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class LoggingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) => new(Reward.Wrong());

            private async Task Record(string text) => await Task.Delay(text.Length);
        }
        """);

    [Fact]
    public Task CodeFix_AsyncVoidLocalFunction_ReturnsTask() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                return response == expected ? 1.0 : 0.0;

                async void {|RLVR3007:Log|}() => await Task.Yield();
            }
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                return response == expected ? 1.0 : 0.0;

                async Task Log() => await Task.Yield();
            }
        }
        """);
}
