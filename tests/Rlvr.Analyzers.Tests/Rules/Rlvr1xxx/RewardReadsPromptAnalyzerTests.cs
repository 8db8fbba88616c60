using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.RewardReadsPromptAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class RewardReadsPromptAnalyzerTests
{
    [Fact]
    public Task Verifier_PromptPlusCompletionExtracted_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class EchoVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string transcript = problem.Question + "\n" + completion.Text;
                var answer = {|RLVR1006:AnswerExtractor.Boxed(transcript)|};
                return new(answer.IsFound && answer.Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task RewardFunction_InterpolatedPromptRegex_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string prompt, string completion, string expected)
            {
                var match = {|RLVR1006:Regex.Match($"{prompt}{completion}", @"answer: (\d+)")|};
                return match.Success && match.Groups[1].Value == expected ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_ConcatSearched_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Keyword);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("keyword", (p, c) => {|RLVR1006:string.Concat(p.Question, c.Text).Contains(p.Keyword, StringComparison.Ordinal)|} ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_JudgePromptBuiltButNotSearched_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class JudgePromptVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string judgePrompt = $"Question: {problem.Question}\nAnswer: {completion.Text}";
                context.Logger.GetType();
                return new(judgePrompt.Length > 0 ? Reward.Wrong() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_CompletionOnlyExtracted_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class CleanVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var answer = AnswerExtractor.Boxed(completion.Text + "\n");
                return new(answer.IsFound && answer.Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task StringJoin_PromptAndCompletion_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class JoinVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string transcript = string.Join("\n", problem.Question, completion.Text);
                var answer = {|RLVR1006:AnswerExtractor.LastNumber(transcript)|};
                return new(answer.IsFound && answer.Value == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task StringBuilder_PromptAndCompletion_ContainsOnToString_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class BuilderVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var transcript = new System.Text.StringBuilder();
                transcript.AppendLine(problem.Question);
                transcript.Append(completion.Text);
                return new({|RLVR1006:transcript.ToString().Contains(problem.Answer, StringComparison.Ordinal)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task ListOfParts_JoinedThenSearched_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class PartsVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var parts = new List<string> { problem.Question };
                parts.Add(completion.Text);
                string all = string.Join(" ", parts);
                return new({|RLVR1006:all.EndsWith(problem.Answer, StringComparison.Ordinal)|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task StringBuilder_CompletionOnly_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Question, string Answer);

        public sealed class BuilderVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var text = new System.Text.StringBuilder();
                text.Append(completion.Text.Trim());
                text.Append('\n');
                return new(text.ToString().Contains(problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);
}
