using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ExtractorFallsBackToCompletionAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ExtractorFallsBackToCompletionAnalyzerTests
{
    private const string Verifier = """
        public sealed record Problem(string Answer);

        public sealed class ExtractingVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(string.Equals(Extractor.Extract(completion.Text), problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
        }

        """;

    [Fact]
    public Task Helper_MatchSuccessElseText_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = Regex.Match(text, @"<answer>(.+?)</answer>", RegexOptions.Singleline);
                return m.Success ? m.Groups[1].Value : {|RLVR1007:text|};
            }
        }
        """);

    [Fact]
    public Task Helper_CoalesceToText_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => AnswerExtractor.Tagged(text).Value ?? {|RLVR1007:text.Trim()|};
        }
        """);

    [Fact]
    public Task Helper_SplitLastPieceWithoutCheck_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => {|RLVR1007:text.Split("####")[^1]|}.Trim();
        }
        """);

    [Fact]
    public Task Helper_MatchSuccessElseEmpty_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = Regex.Match(text, @"<answer>(.+?)</answer>", RegexOptions.Singleline);
                return m.Success ? m.Groups[1].Value : string.Empty;
            }
        }
        """);

    [Fact]
    public Task Helper_SplitAfterCheckingDelimiter_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) =>
                text.Contains("####", StringComparison.Ordinal) ? text.Split("####")[^1].Trim() : string.Empty;
        }
        """);

    [Fact]
    public Task Helper_LengthConditionalShortensText_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => Shorten(text);

            private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "...";
        }
        """);

    [Fact]
    public Task Verifier_ConditionOnProblemDataWrapsProgram_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string? SolutionClass, string EntryPoint);

        public sealed class ShimVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Wrap(completion.Text, problem).Length > 0 ? Reward.Wrong() : Reward.Wrong());

            private static string Wrap(string program, Problem problem) =>
                problem.SolutionClass is null ? program : $"{program}\n\ndef entry(*args):\n    return {problem.SolutionClass}().{problem.EntryPoint}(*args)\n";
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task CoalesceWithStrippedCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public sealed class StripVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string text = AnswerExtractor.StripThinking(completion.Text);
                string? extracted = Tagged(text);
                string answer = extracted ?? {|RLVR1007:text|};
                return new(answer.Trim() == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }

            private static string? Tagged(string text)
            {
                var m = Regex.Match(text, "<answer>(.*?)</answer>", RegexOptions.None, TimeSpan.FromSeconds(1));
                return m.Success ? m.Groups[1].Value : null;
            }
        }
        """);

    [Fact]
    public Task LastIndexOfGuard_WholeTextWhenMissing_Substring_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected)
            {
                int at = completion.LastIndexOf("####", StringComparison.Ordinal);
                string answer = at < 0 ? {|RLVR1007:completion|} : completion.Substring(at + 4);
                return answer.Trim() == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task LastIndexOfGuard_InExtensionMethod_Range_Reports() => VerifyRule.AnalyzerAsync("""
        public static class TextExtensions
        {
            public static string AfterLast(this string text, string marker)
            {
                int at = text.LastIndexOf(marker, StringComparison.Ordinal);
                return at < 0 ? {|RLVR1007:text|} : text[(at + marker.Length)..];
            }
        }

        public sealed record Problem(string Answer);

        public sealed class MarkerVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.AfterLast("Answer:").Trim() == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task SwitchOnSuccess_FalseArmIsCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected)
            {
                var m = Regex.Match(completion, @"\\boxed\{([^}]*)\}", RegexOptions.None, TimeSpan.FromSeconds(1));
                string answer = m.Success switch
                {
                    true => m.Groups[1].Value,
                    false => {|RLVR1007:completion|},
                };
                return answer.Trim() == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task LastIndexOfGuard_EmptyWhenMissing_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected)
            {
                int at = completion.LastIndexOf("####", StringComparison.Ordinal);
                string answer = at < 0 ? string.Empty : completion.Substring(at + 4);
                return answer.Trim() == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task LengthGuard_WholeTextWhenShort_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string expected)
            {
                int length = completion.Length;
                string head = length < 200 ? completion : completion.Substring(0, 200);
                return head.Trim() == expected ? 1.0 : 0.0;
            }
        }
        """);
}
