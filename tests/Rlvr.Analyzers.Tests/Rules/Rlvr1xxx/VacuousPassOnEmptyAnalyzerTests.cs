using VerifyRule = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.VacuousPassOnEmptyAnalyzer>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class VacuousPassOnEmptyAnalyzerTests
{
    internal const string Problem = """
        public sealed record TestCase(string Input, string Output);

        public sealed record Problem(IReadOnlyList<TestCase> Tests);

        """;

    [Fact]
    public Task Verifier_AllOverTests_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public sealed class AllVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR1005:problem.Tests.All(t => completion.Text.Contains(t.Output, StringComparison.Ordinal))|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task RewardFunction_PassedEqualsTotal_Reports() => VerifyRule.AnalyzerAsync("""
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(IReadOnlyList<bool> results)
            {
                int passed = results.Count(r => r);
                return {|RLVR1005:passed == results.Count|} ? 1.0 : 0.0;
            }
        }
        """);

    [Fact]
    public Task RubricLambda_NotAnyFailed_Reports() => VerifyRule.AnalyzerAsync(Problem + """
        public static class Rubrics
        {
            public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder()
                .Add("tests", (p, c) => {|RLVR1005:!p.Tests.Any(t => !c.Text.EndsWith(t.Output, StringComparison.Ordinal))|} ? Reward.Correct() : Reward.Wrong())
                .Build();
        }
        """);

    [Fact]
    public Task Verifier_EmptyGuardedFirst_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class GuardedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Tests.Count == 0)
                {
                    return new(Reward.Unscorable(Reasons.NoTests));
                }

                return new(problem.Tests.All(t => completion.Text.Contains(t.Output, StringComparison.Ordinal)) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_AllCharactersOfString_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(string Answer);

        public sealed class DigitsVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                string text = completion.Text;
                return new(text.Length > 0 && text.All(char.IsDigit) ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task Verifier_NonEmptyPattern_NoDiagnostic() => VerifyRule.NoDiagnosticAsync(Problem + """
        public sealed class PatternVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(problem.Tests is { Count: > 0 } && problem.Tests.All(t => completion.Text.Contains(t.Output, StringComparison.Ordinal)) ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task Helper_TwoSizesCompared_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(IReadOnlyList<string> Expected);

        public sealed class SetVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(SameItems(completion.Text.Split(','), problem.Expected) ? Reward.Correct() : Reward.Wrong());

            private static bool SameItems(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
                a.Count == b.Count && a.All(b.Contains) && b.All(a.Contains);
        }
        """);

    [Fact]
    public Task Verifier_AllLeadsToWrong_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem(Dictionary<string, string> Sources);

        public sealed class PatchVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var patched = new Dictionary<string, string>(problem.Sources);
                if (patched.All(p => string.Equals(p.Value, completion.Text, StringComparison.Ordinal)))
                {
                    return new(Reward.Wrong(Reasons.WrongAnswer));
                }

                return new(Reward.Correct());
            }
        }
        """);
}
