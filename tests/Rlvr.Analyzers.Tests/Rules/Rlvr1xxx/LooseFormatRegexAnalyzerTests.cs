using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.LooseFormatRegexAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class LooseFormatRegexAnalyzerTests
{
    private const string Problem = """
        public sealed record Problem(string Answer);

        """;

    [Fact]
    public Task Verifier_DotBetweenTagsWithoutSingleline_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Regex.IsMatch(completion.Text, {|RLVR1012:@"\A<think>.*?</think>\s*<answer>.*?</answer>\z"|}) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_RegexConstructedWithoutSingleline_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Format(string completion) =>
                new Regex({|RLVR1012:"<answer>(.+)</answer>"|}, RegexOptions.IgnoreCase).IsMatch(completion) ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task RubricLambda_UnanchoredIsMatch_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", (p, c) => Regex.IsMatch(c.Text, {|RLVR1012:@"<answer>[^<]+</answer>"|}) ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_SinglelineAndAnchored_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class StrictFormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Regex.IsMatch(completion.Text, @"\A<think>.+?</think>\s*<answer>.+?</answer>\z", RegexOptions.Singleline) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Verifier_InlineSinglelineMatch_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class InlineVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var m = Regex.Match(completion.Text, "(?s)<answer>(.+?)</answer>", RegexOptions.RightToLeft);
                return new(m.Success && m.Groups[1].Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    // Shapes beyond the rule page (issue 18): the pattern is found where the Regex is built.
    [Fact]
    public Task StaticReadonlyField_UsedFromRubricLambda_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public static class Rubrics
        {
            private static readonly Regex Format = new({|RLVR1012:@"<answer>.*</answer>"|}, RegexOptions.None, TimeSpan.FromSeconds(1));

            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", (p, c) => Format.IsMatch(c.Text) ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task GeneratedRegexAttribute_UnanchoredTagFormat_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed partial class GeneratedVerifier : IVerifier<Problem>
        {
            [GeneratedRegex({|RLVR1012:@"<answer>[^<]*</answer>"|}, RegexOptions.None, 1000)]
            private static partial Regex Format();

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Format().IsMatch(completion.Text) ? Reward.Correct() : Reward.Wrong());
        }

        // What the regex source generator would emit (the tests do not run generators).
        public sealed partial class GeneratedVerifier
        {
            private static partial Regex Format() => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task GeneratedRegexAttribute_Anchored_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed partial class GeneratedVerifier : IVerifier<Problem>
        {
            [GeneratedRegex(@"\A<answer>[^<]*</answer>\z", RegexOptions.None, 1000)]
            private static partial Regex Format();

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Format().IsMatch(completion.Text) ? Reward.Correct() : Reward.Wrong());
        }

        // What the regex source generator would emit (the tests do not run generators).
        public sealed partial class GeneratedVerifier
        {
            private static partial Regex Format() => throw new NotSupportedException();
        }
        """);

    [Fact]
    public Task StaticReadonlyField_Singleline_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public static class Rubrics
        {
            private static readonly Regex Format = new(@"\A<answer>.*</answer>\z", RegexOptions.Singleline, TimeSpan.FromSeconds(1));

            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", (p, c) => Format.IsMatch(c.Text) ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);
}
