using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.JudgeVerdictBySubstringAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class JudgeVerdictBySubstringAnalyzerTests
{
    private const string Judge = """
        public sealed record Problem(string Question, string Answer);

        public interface IJudge
        {
            Task<string> AskJudgeAsync(string question, string answer, CancellationToken cancellationToken);
        }
        """;

    [Fact]
    public Task Verifier_JudgeReplyContainsYes_Reports() => VerifyRule.AnalyzerAsync(Judge + """

        public sealed class JudgeVerifier(IJudge judge) : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string reply = await judge.AskJudgeAsync(problem.Question, completion.Text, context.CancellationToken);
                return {|RLVR1002:reply.Contains("yes", StringComparison.OrdinalIgnoreCase)|} ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task RewardFunction_VerdictParameterIndexOfCorrect_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double FromVerdict(string verdict) =>
                {|RLVR1002:verdict.IndexOf("CORRECT", StringComparison.Ordinal)|} >= 0 ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task Verifier_RegexIsMatchOnJudgeReply_Reports() => VerifyRule.AnalyzerAsync(Judge + """

        public sealed class RegexJudgeVerifier(IJudge judge) : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var judgeReply = await judge.AskJudgeAsync(problem.Question, completion.Text, context.CancellationToken);
                return {|RLVR1002:Regex.IsMatch(judgeReply, "VERDICT: (CORRECT|PASS)")|} ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Verifier_AnchoredVerdictRegex_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Judge + """

        public sealed class AnchoredJudgeVerifier(IJudge judge) : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var judgeReply = await judge.AskJudgeAsync(problem.Question, completion.Text, context.CancellationToken);
                return Regex.IsMatch(judgeReply, "^VERDICT: CORRECT$", RegexOptions.Multiline) ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);

    [Fact]
    public Task Verifier_CompletionContainsYes_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class YesVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR1002:completion.Text.Contains("yes", StringComparison.Ordinal)|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RubricLambda_CompletionDeclaresItselfCorrect_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Answer);

        public static class Rubrics
        {
            public static IVerifier<Problem> Gullible() => Verifier.Create<Problem>((problem, completion) =>
                {|RLVR1002:completion.Text.Contains("CORRECT", StringComparison.OrdinalIgnoreCase)|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_RegexOnResponseForPassed_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response) => {|RLVR1002:Regex.IsMatch(response, "All tests passed", RegexOptions.None, TimeSpan.FromSeconds(1))|} ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task Verifier_CompletionSearchedForFormatTag_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Contains("<answer>", StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong(Reasons.FormatError));
        }
        """);

    [Fact]
    public Task Verifier_ReferenceSearchedForYes_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, [property: Reference] string Gold);

        public sealed class YesNoVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool expectYes = problem.Gold.Contains("yes", StringComparison.OrdinalIgnoreCase);
                string last = completion.Text.Trim().Split(' ').Last().Trim('.', '!').ToLowerInvariant();
                return new(last == (expectYes ? "yes" : "no") ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);
}
