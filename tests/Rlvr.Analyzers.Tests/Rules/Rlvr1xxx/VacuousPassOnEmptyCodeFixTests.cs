using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.VacuousPassOnEmptyAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.VacuousPassOnEmptyCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class VacuousPassOnEmptyCodeFixTests
{
    [Fact]
    public Task ValueTaskMethod_Fix_InsertsUnscorableGuard() => VerifyFix.CodeFixAsync(
        VacuousPassOnEmptyAnalyzerTests.Problem + """
        public sealed class AllVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                return new({|RLVR1005:problem.Tests.All(t => completion.Text.Contains(t.Output, StringComparison.Ordinal))|} ? Reward.Correct() : Reward.Wrong());
            }
        }
        """,
        VacuousPassOnEmptyAnalyzerTests.Problem + """
        public sealed class AllVerifier : IVerifier<Problem>
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
    public Task AsyncMethodOverEnumerable_Fix_InsertsAnyGuard() => VerifyFix.CodeFixAsync(
        """
        public sealed record Problem(IEnumerable<string> Tests);

        public sealed class AsyncVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await Task.Yield();
                bool passed = {|RLVR1005:problem.Tests.All(t => completion.Text.Contains(t, StringComparison.Ordinal))|};
                return passed ? Reward.Correct() : Reward.Wrong();
            }
        }
        """,
        """
        public sealed record Problem(IEnumerable<string> Tests);

        public sealed class AsyncVerifier : IVerifier<Problem>
        {
            public async ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                await Task.Yield();
                if (!problem.Tests.Any())
                {
                    return Reward.Unscorable(Reasons.NoTests);
                }

                bool passed = problem.Tests.All(t => completion.Text.Contains(t, StringComparison.Ordinal));
                return passed ? Reward.Correct() : Reward.Wrong();
            }
        }
        """);
}
