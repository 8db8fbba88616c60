using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.FloatingPointEqualityAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.FloatingPointEqualityCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class FloatingPointEqualityCodeFixTests
{
    [Fact]
    public Task Equality_Fix_UsesTolerance() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(double predicted, double expected) => {|RLVR1014:predicted == expected|} ? 1.0 : 0.0;
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(double predicted, double expected) => Math.Abs(predicted - expected) <= 1e-9 ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task InequalityOfSum_Fix_ParenthesisesAndFlips() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(double a, double b, double expected) => {|RLVR1014:expected != a + b|} ? 0.0 : 1.0;
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Score(double a, double b, double expected) => Math.Abs(expected - (a + b)) > 1e-9 ? 0.0 : 1.0;
        }
        """);
}
