using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.RegexWithoutTimeoutAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx.RegexWithoutTimeoutCodeFix>;
using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr3xxx.RegexWithoutTimeoutAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr3xxx;

public class RegexWithoutTimeoutAnalyzerTests
{
    [Fact]
    public Task Verifier_StaticMatchOnCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var match = {|RLVR3001:Regex.Match(completion.Text, @"<answer>(.*?)</answer>", RegexOptions.Singleline)|};
                return new(match.Success && match.Groups[1].Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_StaticFieldRegex_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            private static readonly Regex Answer = new(@"(\d+)\s*$");

            [RewardFunction]
            public static double Score(string response, string expected) =>
                {|RLVR3001:Answer.Match(response)|}.Groups[1].Value == expected ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task RubricLambda_LocalRegexIsMatch_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", (p, c) =>
                {
                    var format = new Regex(@"^<think>.*</think>", RegexOptions.Singleline);
                    return {|RLVR3001:format.IsMatch(c.Text)|} ? Reward.Correct() : Reward.Wrong();
                })
                .Build();
        }
        """);

    [Fact]
    public Task Helper_ReplaceOnExtractedText_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class HelperVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Normalizer.Clean(completion.Text.Trim()) == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }

        public static class Normalizer
        {
            public static string Clean(string response) => {|RLVR3001:Regex.Replace(response, @"\s+([.,;])", "$1")|};
        }
        """);

    [Fact]
    public Task Verifier_TimeoutNonBacktrackingOrReferenceInput_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class SafeVerifier : IVerifier<Problem>
        {
            private static readonly Regex Bounded = new(@"(\d+)", RegexOptions.None, TimeSpan.FromSeconds(1));
            private static readonly Regex Linear = new(@"(\d+)", RegexOptions.NonBacktracking);

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool a = Bounded.IsMatch(completion.Text);
                bool b = Linear.IsMatch(completion.Text);
                bool c = Regex.IsMatch(completion.Text, @"\d", RegexOptions.None, TimeSpan.FromMilliseconds(200));
                bool d = Regex.IsMatch(problem.Answer, @"^\d+$");
                string e = Regex.Replace(completion.Text, @"\s+", " ");
                bool f = Regex.IsMatch(completion.Text, "^(yes|no)$");
                return new(a && b && c && d && e.Length > 0 && f ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task OutsideRewardCode_RegexOnText_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Parsing
        {
            public static bool Looks(string completion) => Regex.IsMatch(completion, @"(a+)+$");
        }
        """);

    [Fact]
    public Task CodeFix_StaticCallWithoutOptions_AddsOptionsAndTimeout() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR3001:Regex.IsMatch(completion.Text, @"^\d+$")|} ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Regex.IsMatch(completion.Text, @"^\d+$", RegexOptions.None, TimeSpan.FromSeconds(1)) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task CodeFix_FieldRegexWithOptions_AddsTimeoutAtCreation() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            private static readonly Regex Answer = new Regex(@"<answer>(.*)</answer>", RegexOptions.Singleline);

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR3001:Answer.Match(completion.Text)|}.Groups[1].Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            private static readonly Regex Answer = new Regex(@"<answer>(.*)</answer>", RegexOptions.Singleline, TimeSpan.FromSeconds(1));

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Answer.Match(completion.Text).Groups[1].Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task CodeFix_LocalImplicitNew_AddsOptionsAndTimeout() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                Regex digits = new(@"(\d+)\s*$");
                return new({|RLVR3001:digits.IsMatch(completion.Text)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """,
        """
        public sealed record Problem(string Answer);

        public sealed class RegexVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                Regex digits = new(@"(\d+)\s*$", RegexOptions.None, TimeSpan.FromSeconds(1));
                return new(digits.IsMatch(completion.Text) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    // Shapes beyond the rule page (issue 18): the completion reaches the regex through a lambda element.
    [Fact]
    public Task GeneratedRegexOnFencedBlockCode_FromLambda_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string EntryPoint);

        public sealed partial class BlockVerifier : IVerifier<Problem>
        {
            [GeneratedRegex(@"^\s*def\s+([A-Za-z_]\w*)\s*\(", RegexOptions.Multiline)]
            private static partial Regex Def();

            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(AnswerExtractor.FindFencedBlocks(completion.Text).Any(b => Defines(b.Code, problem.EntryPoint)) ? Reward.Correct() : Reward.Wrong());

            private static bool Defines(string code, string name) =>
                {|RLVR3001:Def().Matches(code)|}.Any(m => m.Groups[1].Value == name);
        }

        // What the regex source generator would emit (the tests do not run generators).
        public sealed partial class BlockVerifier
        {
            private static partial Regex Def() => throw new NotSupportedException();
        }
        """);
}
