using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.FirstMatchAsFinalAnswerAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.FirstMatchAsFinalAnswerCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class FirstMatchAsFinalAnswerCodeFixTests
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
    public Task RegexMatch_Fix_AddsRightToLeft() => VerifyFix.CodeFixAsync(
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = {|RLVR1013:Regex.Match(text, @"answer is (\d+)")|};
                return m.Success ? m.Groups[1].Value : string.Empty;
            }
        }
        """,
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                var m = Regex.Match(text, @"answer is (\d+)", RegexOptions.RightToLeft);
                return m.Success ? m.Groups[1].Value : string.Empty;
            }
        }
        """);

    [Fact]
    public Task IndexOf_Fix_UsesLastIndexOf() => VerifyFix.CodeFixAsync(
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int at = {|RLVR1013:text.IndexOf("Answer:")|};
                return at < 0 ? string.Empty : text.Substring(at + 7).Trim();
            }
        }
        """,
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text)
            {
                int at = text.LastIndexOf("Answer:");
                return at < 0 ? string.Empty : text.Substring(at + 7).Trim();
            }
        }
        """);

    [Fact]
    public Task SplitSecondPiece_Fix_TakesLastPiece() => VerifyFix.CodeFixAsync(
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => text.Contains("####") ? {|RLVR1013:text.Split("####")[1]|}.Trim() : string.Empty;
        }
        """,
        Verifier + """
        public static class Extractor
        {
            public static string Extract(string text) => text.Contains("####") ? text.Split("####")[^1].Trim() : string.Empty;
        }
        """);
}
