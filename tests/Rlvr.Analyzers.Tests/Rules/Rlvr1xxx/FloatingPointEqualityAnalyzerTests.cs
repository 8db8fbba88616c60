using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.FloatingPointEqualityAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class FloatingPointEqualityAnalyzerTests
{
    [Fact]
    public Task Verifier_ParsedDoubleEquality_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double Answer);

        public sealed class NumberVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                double value = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture);
                return new({|RLVR1014:value == problem.Answer|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_FloatInequality_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(float predicted, float expected) => {|RLVR1014:predicted != expected|} ? 0.0 : 1.0;
        }
        """);

    [Fact]
    public Task RubricLambda_EqualsOnDouble_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("exact", (p, c) => {|RLVR1014:(c.Text.Length * 0.1).Equals(p.Answer)|} ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_ToleranceComparison_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(double Answer);

        public sealed class ToleranceVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                double value = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture);
                return new(Math.Abs(value - problem.Answer) <= 1e-9 ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_ZeroGuardAndIntegers_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(int Answer, double Scale);

        public sealed class IntVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Scale == 0)
                {
                    return new(Reward.Unscorable(Reasons.BadReference));
                }

                return new(completion.Text.Length == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Helper_WholeNumberCheckAndEqualityHelper_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(double Answer);

        public sealed class PythonVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                double value = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture);
                return new(IsWhole(value) && FloatsEqual(value, problem.Answer) ? Reward.Correct() : Reward.Wrong());
            }

            private static bool IsWhole(double f) => double.IsFinite(f) && f == Math.Floor(f);

            private static bool FloatsEqual(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));
        }
        """);

    [Fact]
    public Task Helper_ExactFastPathBeforeTolerance_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(double Answer);

        public sealed class CloseVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(IsClose(double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture), problem.Answer) ? Reward.Correct() : Reward.Wrong());

            private static bool IsClose(double a, double b)
            {
                if (a == b)
                {
                    return true;
                }

                return Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task RoundedBothSides_Equality_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, double expected) =>
                double.TryParse(completion, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
                    && {|RLVR1014:Math.Round(value, 2) == Math.Round(expected, 2)|} ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task WholeNumberCheckWithRound_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, double expected) =>
                double.TryParse(completion, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
                    && value == Math.Round(value) && (long)value == (long)expected ? 1.0 : 0.0;
        }
        """);
}
