using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.NumberComparedAsTextAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class NumberComparedAsTextAnalyzerTests
{
    [Fact]
    public Task Verifier_AnswerEqualsNumberToString_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(int Answer);

        public sealed class TextVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR1016:completion.Text.Trim() == problem.Answer.ToString(System.Globalization.CultureInfo.InvariantCulture)|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_StringEqualsDoubleToString_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, double expected) =>
                {|RLVR1016:string.Equals(completion, expected.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)|} ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task Helper_TrimEndZeros_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class NormalisingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.Equals(Normalise(completion.Text), Normalise(problem.Answer), StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());

            private static string Normalise(string value) => {|RLVR1016:value.Trim().TrimEnd('0')|}.TrimEnd('.');
        }
        """);

    [Fact]
    public Task Helper_TrimEndZerosAfterDecimalCheck_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class DecimalVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.Equals(Normalise(completion.Text), Normalise(problem.Answer), StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());

            private static string Normalise(string value) => value.Contains('.') ? value.TrimEnd('0').TrimEnd('.') : value;
        }
        """);

    [Fact]
    public Task Verifier_ParsedValuesCompared_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(int Answer);

        public sealed class ParsedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(int.TryParse(completion.Text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int value) && value == problem.Answer
                    ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_CommasRemovedFromCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class CommaVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string answer = {|RLVR1016:completion.Text.Trim().Replace(",", "", StringComparison.Ordinal)|};
                return new(string.Equals(answer, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_CommasReplacedWithStringEmpty_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, decimal expected) =>
                decimal.TryParse({|RLVR1016:response.Replace(",", string.Empty)|}, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out decimal value) && value == expected ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task RubricLambda_HelperStripsCommas_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("number", (p, c) => Digits(c.Text) == p.Answer ? Reward.Correct() : Reward.Wrong())
                .Build();

            private static string Digits(string text) => {|RLVR1016:text.Replace(",", "")|}.Trim();
        }
        """);

    [Fact]
    public Task Verifier_ThousandsSeparatorsStrippedBySdk_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class SdkVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.Equals(AnswerExtractor.StripThousandsSeparators(completion.Text.Trim()), problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_CommasRemovedFromReferenceOrReplacedWithSpace_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] string Gold);

        public sealed class ReferenceVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string gold = problem.Gold.Replace(",", "", StringComparison.Ordinal);
                string spaced = completion.Text.Replace(",", " ", StringComparison.Ordinal);
                return new(spaced.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() == gold ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task FormattedNumberInLocal_ComparedWithReference_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double Answer);

        public sealed class TextVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string expected = problem.Answer.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                return new({|RLVR1016:completion.Text.Trim() == expected|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task FormattedNumberInLocal_UsedInMessageOnly_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(double Answer);

        public sealed class TextVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string shown = problem.Answer.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                bool ok = double.TryParse(completion.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value)
                    && Math.Abs(value - problem.Answer) < 1e-6;
                return new(ok ? Reward.Correct() : Reward.Wrong().WithDetail("expected " + shown));
            }
        }
        """);
}
