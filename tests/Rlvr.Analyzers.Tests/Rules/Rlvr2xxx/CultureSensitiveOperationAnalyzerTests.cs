using Rlvr.Analyzers.CodeFixes.Rules.Rlvr2xxx;
using Rlvr.Analyzers.Rules.Rlvr2xxx;
using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr2xxx.CultureSensitiveOperationAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr2xxx.CultureSensitiveOperationCodeFix>;
using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr2xxx.CultureSensitiveOperationAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr2xxx;

public class CultureSensitiveOperationAnalyzerTests
{
    [Fact]
    public Task Verifier_DoubleTryParseWithoutProvider_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] double Answer);

        public sealed class NumberVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR2002:double.TryParse(completion.Text, out double value)|} && value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_ToLowerAndStartsWith_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected)
            {
                string answer = {|RLVR2002:response.Trim().ToLower()|};
                return {|RLVR2002:answer.StartsWith("yes")|} && answer == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_InterpolatedDouble_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(double Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("match", (p, c) => c.Text.Trim() == {|RLVR2002:$"{p.Answer}"|} ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Helper_ConvertAndConcatenation_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer, decimal Tolerance);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Grading.Close(completion.Text, problem) || completion.Text == "x = " + {|RLVR2002:problem.Tolerance|} ? Reward.Correct() : Reward.Wrong());
        }

        public static class Grading
        {
            public static bool Close(string text, Problem problem) =>
                Math.Abs({|RLVR2002:Convert.ToDecimal(text)|} - {|RLVR2002:decimal.Parse(problem.Answer)|}) <= problem.Tolerance;
        }
        """);

    [Fact]
    public Task Verifier_CompareWithoutComparison_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class CompareVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR2002:string.Compare(completion.Text, problem.Answer)|} == 0 ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_NullFormatProvider_Reports() => VerifyRule.AnalyzerAsync("""
        using System.Globalization;

        public sealed record Problem(double Answer);

        public sealed class NullProviderVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR2002:double.TryParse(completion.Text, NumberStyles.Float, null, out double value)|} && value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_InvariantAndOrdinal_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        using System.Globalization;

        public sealed record Problem(double Answer, int Count);

        public sealed class InvariantVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string text = completion.Text.Trim().ToLowerInvariant();
                bool tagged = text.StartsWith("<answer>", StringComparison.Ordinal) && text.Contains("x") && text.IndexOf('<') == 0;
                bool parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
                string label = $"count {problem.Count}: {text}";
                string shown = string.Create(CultureInfo.InvariantCulture, $"{problem.Answer}");
                return new(tagged && parsed && value == problem.Answer && label.Length > 0 && shown.Length > 0 ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_NumbersInDetailOrExceptionMessage_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(double Tolerance);

        public sealed class MessageVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Tolerance < 0)
                {
                    throw new ArgumentException($"tolerance {problem.Tolerance} is negative");
                }

                return new(problem.Tolerance > 1
                    ? Reward.Unscorable(Reasons.BadReference, $"tolerance {problem.Tolerance} is not in [0, 1)")
                    : Reward.Wrong().WithDetail("tolerance was " + problem.Tolerance));
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_CultureSensitive_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Display
        {
            public static string Show(double value, string name) => name.ToUpper() + ": " + value + " " + double.Parse("1.5");
        }
        """);

    [Fact]
    public Task CodeFix_TryParse_AddsInvariantCultureAndUsing() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(double Answer);

        public sealed class NumberVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR2002:double.TryParse(completion.Text, out double value)|} && value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        using System.Globalization;

        public sealed record Problem(double Answer);

        public sealed class NumberVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(double.TryParse(completion.Text, CultureInfo.InvariantCulture, out double value) && value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task CodeFix_ToStringWithFormat_AddsProviderAfterFormat() => VerifyFix.CodeFixAsync(
        """
        using System.Globalization;

        public sealed record Problem(double Answer);

        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text == {|RLVR2002:problem.Answer.ToString("F2")|} ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        using System.Globalization;

        public sealed record Problem(double Answer);

        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text == problem.Answer.ToString("F2", CultureInfo.InvariantCulture) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task CodeFix_EndsWithAndToUpper_OrdinalAndInvariant() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class SuffixVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR2002:completion.Text.EndsWith(".")|} && {|RLVR2002:problem.Answer.ToUpper()|} == "A" ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class SuffixVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.EndsWith(".", StringComparison.Ordinal) && problem.Answer.ToUpperInvariant() == "A" ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task CodeFix_CompareConvertAndCharToLower_FixAllInOnePass() => VerifyFix.CodeFixAsync(
        """
        using System.Globalization;

        public sealed record Problem(string Answer, string Choice);

        public sealed class MixedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool same = {|RLVR2002:string.Compare(completion.Text, problem.Answer)|} == 0;
                double value = {|RLVR2002:Convert.ToDouble(completion.Text)|};
                bool choice = {|RLVR2002:char.ToLower(completion.Text[0])|} == problem.Choice[0];
                return new(same && value > 0 && choice ? Reward.Correct() : Reward.Wrong());
            }
        }
        """,
        """
        using System.Globalization;

        public sealed record Problem(string Answer, string Choice);

        public sealed class MixedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool same = string.Compare(completion.Text, problem.Answer, StringComparison.Ordinal) == 0;
                double value = Convert.ToDouble(completion.Text, CultureInfo.InvariantCulture);
                bool choice = char.ToLowerInvariant(completion.Text[0]) == problem.Choice[0];
                return new(same && value > 0 && choice ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task ParseAsMethodGroup_ToSelect_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, int expected) =>
                completion.Split(',').Select({|RLVR2002:int.Parse|}).Sum() == expected ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task InvariantParseInLambda_ToSelect_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, int expected) =>
                completion.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).Sum() == expected ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task CharToUpperAsMethodGroup_ToSelect_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected) =>
                new string(completion.Select({|RLVR2002:char.ToUpper|}).ToArray()) == expected ? 1.0 : 0.0;
        }
        """);
}
