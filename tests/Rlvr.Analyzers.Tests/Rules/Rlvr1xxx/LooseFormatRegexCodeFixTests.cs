using VerifyFix = Rlvr.Analyzers.Tests.Infrastructure.Verify<Rlvr.Analyzers.Rules.Rlvr1xxx.LooseFormatRegexAnalyzer, Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx.LooseFormatRegexCodeFix>;

namespace Rlvr.Analyzers.Tests.Rules.Rlvr1xxx;

public class LooseFormatRegexCodeFixTests
{
    [Fact]
    public Task StaticCallWithoutOptions_Fix_AddsSingleline() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Format(string completion) =>
                Regex.IsMatch(completion, {|RLVR1012:@"\A<answer>.+?</answer>\z"|}) ? 1.0 : 0.0;
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Format(string completion) =>
                Regex.IsMatch(completion, @"\A<answer>.+?</answer>\z", RegexOptions.Singleline) ? 1.0 : 0.0;
        }
        """);

    [Fact]
    public Task ConstructorWithOptions_Fix_CombinesFlags() => VerifyFix.CodeFixAsync(
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Format(string completion) =>
                new Regex({|RLVR1012:"<answer>(.+)</answer>"|}, RegexOptions.IgnoreCase).IsMatch(completion) ? 1.0 : 0.0;
        }
        """,
        """
        public static class Rewards
        {
            [RewardFunction]
            public static double Format(string completion) =>
                new Regex("<answer>(.+)</answer>", RegexOptions.IgnoreCase | RegexOptions.Singleline).IsMatch(completion) ? 1.0 : 0.0;
        }
        """);
}
