using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.FirstMatchAsFinalAnswerAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class FirstMatchAsFinalAnswerAnalyzerTests
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
    public Task Helper_RegexMatch_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = {|RLVR1013:Regex.Match(text, @"answer is (\d+)")|};
                return m.Success ? m.Groups[1].Value : string.Empty;
            }
        }
        """);

    [Fact]
    public Task Helper_IndexOfFeedsSubstring_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int at = {|RLVR1013:text.IndexOf("Answer:")|};
                return at < 0 ? string.Empty : text.Substring(at + 7).Trim();
            }
        }
        """);

    [Fact]
    public Task Helper_SplitSecondPiece_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => text.Contains("####") ? {|RLVR1013:text.Split("####")[1]|}.Trim() : string.Empty;
        }
        """);

    [Fact]
    public Task Helper_RightToLeftMatch_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = Regex.Match(text, @"answer is (\d+)", RegexOptions.RightToLeft);
                int at = text.LastIndexOf("Answer:", StringComparison.Ordinal);
                return m.Success ? m.Groups[1].Value : at < 0 ? string.Empty : text.Substring(at);
            }
        }
        """);

    [Fact]
    public Task Helper_AnchoredMatch_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = Regex.Match(text, @"(\d+)\s*\z");
                return m.Success ? m.Groups[1].Value : string.Empty;
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task IndexOfWithOrdinal_ThenSubstring_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int at = {|RLVR1013:text.IndexOf("Answer:", StringComparison.Ordinal)|};
                return at < 0 ? string.Empty : text.Substring(at + 7).Trim();
            }
        }
        """);

    [Fact]
    public Task SplitIntoLocal_ThenSecondPiece_Reports() => VerifyRule.AnalyzerAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                string[] parts = text.Split("####");
                return parts.Length > 1 ? {|RLVR1013:parts[1]|}.Trim() : string.Empty;
            }
        }
        """);

    [Fact]
    public Task LastIndexOfWithOrdinal_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int at = text.LastIndexOf("Answer:", StringComparison.Ordinal);
                string[] parts = text.Split("####");
                return at < 0 ? parts[^1] : text.Substring(at + 7).Trim();
            }
        }
        """);

    // A single-character separator inside an extracted number ("1000,99") is not an answer marker.
    [Fact]
    public Task IndexOfCharacterSeparator_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int comma = text.IndexOf(',', StringComparison.Ordinal);
                return comma < 0 ? text : string.Concat(text.AsSpan(0, comma), ".", text.AsSpan(comma + 1));
            }
        }
        """);
}
