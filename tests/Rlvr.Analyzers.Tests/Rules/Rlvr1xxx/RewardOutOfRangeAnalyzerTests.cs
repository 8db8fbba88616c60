using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.RewardOutOfRangeAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class RewardOutOfRangeAnalyzerTests
{
    [Fact]
    public Task Verifier_ScoredMinusOne_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class PenaltyVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Length == 0 ? Reward.Scored({|RLVR1015:-1.0|}, Reasons.EmptyCompletion) : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_DivisionByUncheckedCount_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double PassRate(string completion, IReadOnlyList<string> tests) =>
                {|RLVR1015:tests.Count(t => completion.Contains(t, StringComparison.Ordinal)) / (double)tests.Count|};
        }
        """);

    [Fact]
    public Task RubricLambda_ParsedJudgeScoreUnchecked_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("judge", (p, c) =>
                {
                    double score = double.Parse(c.Text, System.Globalization.CultureInfo.InvariantCulture) / 10;
                    return Reward.Scored({|RLVR1015:score|}, Reasons.Partial);
                })
                .Build();
        }
        """);

    [Fact]
    public Task RewardFunction_ReturnsTwo_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Bonus(string completion) => completion.Length > 100 ? {|RLVR1015:2.0|} : 0.0;
        }
        """);

    [Fact]
    public Task RubricLambda_ParsedScoreClamped_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("judge", (p, c) =>
                {
                    double score = double.Parse(c.Text, System.Globalization.CultureInfo.InvariantCulture) / 10;
                    return double.IsFinite(score) ? Reward.Scored(Math.Clamp(score, 0.0, 1.0), Reasons.Partial) : Reward.Wrong(Reasons.Unparseable);
                })
                .Build();
        }
        """);

    [Fact]
    public Task RewardFunction_DivisionAfterEmptyCheck_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double PassRate(string completion, IReadOnlyList<string> tests) =>
                tests.Count == 0 ? 0.0 : tests.Count(t => completion.Contains(t, StringComparison.Ordinal)) / (double)tests.Count;
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task SwitchExpressionArm_OutOfRange_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected) => completion.Trim() switch
            {
                "" => {|RLVR1015:-1.0|},
                var answer when answer == expected => 1.0,
                _ => 0.0,
            };
        }
        """);

    [Fact]
    public Task ScoredFromSwitchExpression_OutOfRange_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class BonusVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Reward.Scored(completion.Text.Length switch { < 10 => {|RLVR1015:1.5|}, _ => 0.5 }, "length"));
        }
        """);

    [Fact]
    public Task SwitchExpressionArms_InRange_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected) => completion.Trim() switch
            {
                "" => 0.0,
                var answer when answer == expected => 1.0,
                _ => 0.25,
            };
        }
        """);
}
