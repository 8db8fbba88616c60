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

    // Shapes beyond the rule page (issue 18).
    [Fact]
    public Task FailureCounterIsZero_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Tests);

        public sealed class CounterVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                int failures = 0;
                foreach (var test in problem.Tests)
                {
                    if (!completion.Text.Contains(test, StringComparison.Ordinal))
                    {
                        failures++;
                    }
                }

                return new({|RLVR1005:failures == 0|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task FailureCounterIsZero_TestsChecked_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Tests);

        public sealed class CounterVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (problem.Tests.Count == 0)
                {
                    return new(Reward.Unscorable("no tests"));
                }

                int failures = 0;
                foreach (var test in problem.Tests)
                {
                    failures += completion.Text.Contains(test, StringComparison.Ordinal) ? 0 : 1;
                }

                return new(failures == 0 ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task ListTrueForAll_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] List<string> Tests);

        public sealed class TrueForAllVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new({|RLVR1005:problem.Tests.TrueForAll(t => completion.Text.Contains(t, StringComparison.Ordinal))|} ? Reward.Correct() : Reward.Wrong());
        }
        """);

    [Fact]
    public Task AnyMismatchInLocal_ThenTernary_Reports() => VerifyRule.AnalyzerAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Tests);

        public sealed class MismatchVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool anyMismatch = {|RLVR1005:problem.Tests.Any(t => !completion.Text.Contains(t, StringComparison.Ordinal))|};
                return new(anyMismatch ? Reward.Wrong() : Reward.Correct());
            }
        }
        """);

    [Fact]
    public Task AnyMatch_ThenTernary_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] IReadOnlyList<string> Accepted);

        public sealed class MatchVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                bool matched = problem.Accepted.Any(a => a == completion.Text.Trim());
                return new(matched ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);

    [Fact]
    public Task ExistsAsDeduplication_NoDiagnostic() => VerifyRule.NoDiagnosticAsync("""
        public sealed record Problem([property: Reference] List<string> Tests);

        public sealed class DedupVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                var seen = new List<string>();
                foreach (var line in completion.Text.Split('\n'))
                {
                    if (!seen.Exists(s => s == line))
                    {
                        seen.Add(line);
                    }
                }

                return new(seen.Count == problem.Tests.Count ? Reward.Correct() : Reward.Wrong());
            }
        }
        """);
}
