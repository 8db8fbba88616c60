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
    public Task Verifier_CompletionContainsYesForYesNoTask_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class FormatVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.Contains("yes", StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
        }
        """);
}
