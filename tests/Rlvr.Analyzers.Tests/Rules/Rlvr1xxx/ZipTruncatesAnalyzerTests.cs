using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.ZipTruncatesAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class ZipTruncatesAnalyzerTests
{
    private const string Problem = """
        public sealed record Problem(string[] ExpectedLines);

        """;

    [Fact]
    public Task Verifier_ZipAll_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class LinesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string[] actual = completion.Text.Split('\n');
                return new({|RLVR1009:actual.Zip(problem.ExpectedLines).All(p => p.First == p.Second)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_ZipCountRatio_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static int Matches(IEnumerable<string> outputs, IEnumerable<string> expected) =>
                {|RLVR1009:outputs.Zip(expected, (a, b) => a == b).Count(same => same)|};
        }
        """);

    [Fact]
    public Task RubricLambda_ZipSum_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("lines", (p, c) => {|RLVR1009:c.Text.Split('\n').Zip(p.ExpectedLines, (a, b) => a == b ? 1 : 0).Sum()|} > 0 ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_LengthCheckedBeforeZip_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class CheckedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string[] actual = completion.Text.Split('\n');
                return new(actual.Length == problem.ExpectedLines.Length && actual.Zip(problem.ExpectedLines).All(p => p.First == p.Second) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_SequenceEqual_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class SequenceVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Split('\n').SequenceEqual(problem.ExpectedLines) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task ZipHeldInLocal_ThenAll_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string[] ExpectedLines);

        public sealed class LinesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var pairs = completion.Text.Split('\n').Zip(problem.ExpectedLines).ToList();
                return new({|RLVR1009:pairs.All(p => p.First.Trim() == p.Second)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task ZipHeldInLocal_LengthsCompared_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string[] ExpectedLines);

        public sealed class LinesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string[] actual = completion.Text.Split('\n');
                var pairs = actual.Zip(problem.ExpectedLines).ToList();
                return new(actual.Length == problem.ExpectedLines.Length && pairs.All(p => p.First.Trim() == p.Second) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);
}
