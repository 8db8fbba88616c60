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
}
