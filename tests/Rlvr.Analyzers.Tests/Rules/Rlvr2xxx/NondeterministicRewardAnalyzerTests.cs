using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr2xxx.NondeterministicRewardAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr2xxx;

public class NondeterministicRewardAnalyzerTests
{
    [Fact]
    public Task Verifier_UnseededRandom_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class SampledVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var random = {|RLVR2001:new Random()|};
                return new(random.NextDouble() < 0.5 ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_ClockAndGuid_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                bool late = {|RLVR2001:DateTime.Now|}.Hour > 12;
                var order = response.Split(' ').OrderBy(_ => {|RLVR2001:Guid.NewGuid()|}).ToList();
                return late || order[0] != expected ? 0.0 : 1.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_RandomSharedAndTickCount_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("noise", (p, c) => {|RLVR2001:Random.Shared|}.Next(2) == {|RLVR2001:Environment.TickCount|} % 2 ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Helper_StringHashSeed_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Id, string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Sampling.Pick(problem) ? Reward.Correct() : Reward.Wrong());
        }

        public static class Sampling
        {
            public static bool Pick(Problem problem) => {|RLVR2001:new Random(problem.Id.GetHashCode())|}.Next(2) == 0;
        }
        """);

    [Fact]
    public Task Verifier_ContextRandomAndTimeProvider_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer, int Seed);

        public sealed class SeededVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var now = context.TimeProvider.GetUtcNow();
                var local = new Random(problem.Seed);
                string scratch = "/tmp/run-" + Guid.NewGuid().ToString("N");
                return new(context.Random.Next(2) + local.Next(2) >= 0 && now.Year > 2000 ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_Clock_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Logs
        {
            public static string Stamp() => DateTime.UtcNow.ToString("O") + Guid.NewGuid() + new Random().Next();
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task StopwatchTimestamp_SpeedBonus_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class SpeedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                bool correct = completion.Text.Trim() == problem.Answer;
                var elapsed = {|RLVR2001:System.Diagnostics.Stopwatch.GetElapsedTime(start)|};
                double bonus = elapsed.TotalMilliseconds < 5 ? 0.2 : 0.0;
                return new(correct ? Reward.Scored(0.8 + bonus, "fast") : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task StopwatchElapsed_OnlyAMetric_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class TimedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                var reward = completion.Text.Trim() == problem.Answer ? Reward.Correct() : Reward.Wrong();
                return new(reward.WithMetric("ms", System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds));
            }
        }
        """);
}
