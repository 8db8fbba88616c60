using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.UnhandledCasePassesAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class UnhandledCasePassesAnalyzerTests
{
    [Fact]
    public Task Helper_SwitchExpressionDiscardTrue_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Kind, int Limit);

        public sealed class ConstraintVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Check(problem, completion.Text) ? Reward.Correct() : Reward.Wrong());

            private static bool Check(Problem problem, string text) => problem.Kind switch
            {
                "max_words" => text.Split(' ').Length <= problem.Limit,
                "lowercase" => text == text.ToLowerInvariant(),
                {|RLVR1004:_ => true|},
            };
        }
        """);

    [Fact]
    public Task RewardFunction_SwitchStatementDefaultReturnsOne_Reports() => VerifyRule.AnalyzerAsync("""
        public enum Task { Sum, Product, Max }

        public static class Rewards
        {
            [RewardFunction]
            public static double Score(Task task, int answer, int a, int b)
            {
                switch (task)
                {
                    case Task.Sum:
                        return answer == a + b ? 1.0 : 0.0;
                    case Task.Product:
                        return answer == a * b ? 1.0 : 0.0;
                    {|RLVR1004:default:|}
                        return 1.0;
                }
            }
        }
        """);

    [Fact]
    public Task RubricLambda_SwitchDiscardCorrect_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Format);

        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("format", (p, c) => p.Format switch
                {
                    "json" => c.Text.StartsWith('{') ? Reward.Correct() : Reward.Wrong(),
                    "xml" => c.Text.StartsWith('<') ? Reward.Correct() : Reward.Wrong(),
                    {|RLVR1004:_ => Reward.Correct()|},
                })
                .Build();
        }
        """);

    [Fact]
    public Task Helper_SwitchDiscardThrows_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Kind, int Limit);

        public sealed class StrictVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Check(problem, completion.Text) ? Reward.Correct() : Reward.Wrong());

            private static bool Check(Problem problem, string text) => problem.Kind switch
            {
                "max_words" => text.Split(' ').Length <= problem.Limit,
                "lowercase" => text == text.ToLowerInvariant(),
                _ => throw new InvalidOperationException($"Unknown constraint '{problem.Kind}'."),
            };
        }
        """);

    [Fact]
    public Task Helper_CharacterSwitchDiscardTrue_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class CharVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(completion.Text.All(IsAllowed) ? Reward.Correct() : Reward.Wrong());

            private static bool IsAllowed(char c) => c switch
            {
                '<' => false,
                '>' => false,
                _ => true,
            };
        }
        """);

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task IfElseChain_FinalElsePasses_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem(string Kind, [property: Reference] string Key);

        public sealed class ChainVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Kind == "number")
                {
                    return new(double.TryParse(completion.Text, out _) ? Reward.Correct() : Reward.Wrong());
                }
                else if (problem.Kind == "word")
                {
                    return new(completion.Text.Trim() == problem.Key ? Reward.Correct() : Reward.Wrong());
                }
                else
                {
                    {|RLVR1004:return new(Reward.Correct());|}
                }
            }
        }
        """);

    [Fact]
    public Task SequentialIfs_FallThroughPasses_Reports() => VerifyRule.AnalyzerAsync("""
        public enum Kind { Number, Word, Date }

        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string reference, Kind kind)
            {
                if (kind == Kind.Number)
                {
                    return completion == reference ? 1.0 : 0.0;
                }

                if (kind == Kind.Word)
                {
                    return string.Equals(completion, reference, StringComparison.OrdinalIgnoreCase) ? 1.0 : 0.0;
                }

                {|RLVR1004:return 1.0;|}
            }
        }
        """);

    [Fact]
    public Task IfElseChain_FinalElseFails_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Kind, [property: Reference] string Key);

        public sealed class ChainVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Kind == "number")
                {
                    return new(double.TryParse(completion.Text, out _) ? Reward.Correct() : Reward.Wrong());
                }
                else if (problem.Kind == "word")
                {
                    return new(completion.Text.Trim() == problem.Key ? Reward.Correct() : Reward.Wrong());
                }
                else
                {
                    return new(Reward.Unscorable("unknown kind"));
                }
            }
        }
        """);

    [Fact]
    public Task IfChainOnDifferentValues_FinalPass_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string completion, string reference)
            {
                if (completion == "")
                {
                    return 0.0;
                }
                else if (reference == "skip")
                {
                    return 0.0;
                }
                else
                {
                    return 1.0;
                }
            }
        }
        """);
}
