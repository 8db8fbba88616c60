using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Tests.Infrastructure;

public class RewardContextTests
{
    private const string Chain = """
        public sealed record Problem(string Answer);

        public sealed class ChainVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                new(Helpers.One(completion.Text) == problem.Answer ? Reward.Correct() : Reward.Wrong());
        }

        public static class Helpers
        {
            public static string One(string text) => Two(text);

            public static string Two(string text) => Three(text);

            public static string Three(string text) => Four(text);

            public static string Four(string text) => text.Trim();

            public static string Unrelated(string text) => text;
        }
        """;

    [Fact]
    public void For_CompilationWithoutRlvrCore_ReturnsNull()
    {
        var compilation = CSharpCompilation.Create(
            "plain",
            [CSharpSyntaxTree.ParseText("public static class C { public static bool M(string a, string b) => a.Contains(b); }")],
            TestReferences.References.Where(r => !(r.Display ?? string.Empty).EndsWith("Rlvr.Core.dll", StringComparison.Ordinal)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        Assert.Null(RewardContext.For(compilation));
    }

    [Fact]
    public void For_SameCompilationTwice_ReturnsSameContext()
    {
        var compilation = Compile(Chain);

        Assert.Same(RewardContext.For(compilation), RewardContext.For(compilation));
    }

    [Theory]
    [InlineData("One", true)]
    [InlineData("Two", true)]
    [InlineData("Three", true)]
    [InlineData("Four", false)]
    [InlineData("Unrelated", false)]
    public void IsRewardMethod_HelpersByCallDepth_FollowsThreeCallsDeep(string helper, bool expected)
    {
        var compilation = Compile(Chain);
        var context = RewardContext.For(compilation);
        var method = compilation.GetTypeByMetadataName("Helpers")?.GetMembers(helper).Single();

        Assert.NotNull(context);
        Assert.NotNull(method);
        Assert.Equal(expected, context.IsRewardMethod(method));
    }

    [Fact]
    public void IsRewardMethod_VerifierScoreAsync_True()
    {
        var compilation = Compile(Chain);
        var method = compilation.GetTypeByMetadataName("ChainVerifier")?.GetMembers("ScoreAsync").Single();

        Assert.NotNull(method);
        Assert.True(RewardContext.For(compilation)?.IsRewardMethod(method));
    }

    [Fact]
    public void IsRewardMethod_MethodGroupHandedToRubric_True()
    {
        var compilation = Compile("""
            public sealed record Problem(string Answer);

            public static class Scores
            {
                public static Reward Exact(Problem problem, Completion completion) =>
                    string.Equals(completion.Text, problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong();

                public static Reward NeverUsed(Problem problem, Completion completion) => Reward.Wrong();

                public static Rubric<Problem> Build() => Rubric<Problem>.CreateBuilder().Add("exact", Exact).Build();
            }
            """);
        var context = RewardContext.For(compilation)!;
        var scores = compilation.GetTypeByMetadataName("Scores")!;

        Assert.True(context.IsRewardMethod(scores.GetMembers("Exact").Single()));
        Assert.False(context.IsRewardMethod(scores.GetMembers("NeverUsed").Single()));
        Assert.False(context.IsRewardMethod(scores.GetMembers("Build").Single()));
    }

    [Fact]
    public void IsRewardMethod_SameNamedPrivateHelpers_OnlyTheCalledOne()
    {
        var compilation = Compile("""
            public sealed record Problem(string Answer);

            public sealed class Scored : IVerifier<Problem>
            {
                public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                    new(Tools.Normalize(completion.Text) == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }

            public static class Tools
            {
                public static string Normalize(string text) => Clean(text);

                private static string Clean(string text) => text.Trim();
            }

            public static class Other
            {
                public static string Normalize(string text) => Clean(text);

                private static string Clean(string text) => text.ToUpperInvariant();
            }
            """);
        var context = RewardContext.For(compilation)!;

        Assert.True(context.IsRewardMethod(compilation.GetTypeByMetadataName("Tools")!.GetMembers("Clean").Single()));
        Assert.False(context.IsRewardMethod(compilation.GetTypeByMetadataName("Other")!.GetMembers("Normalize").Single()));
        Assert.False(context.IsRewardMethod(compilation.GetTypeByMetadataName("Other")!.GetMembers("Clean").Single()));
    }

    [Fact]
    public void IsRewardMethod_UnqualifiedCallsThroughBaseTypeAndUsingStatic_True()
    {
        var compilation = Compile("""
            using static Shared;

            public sealed record Problem(string Answer);

            public abstract class VerifierBase
            {
                protected static string Strip(string text) => text.Trim();
            }

            public sealed class Derived : VerifierBase, IVerifier<Problem>
            {
                public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                    new(Strip(Lower(completion.Text)) == problem.Answer ? Reward.Correct() : Reward.Wrong());
            }

            public static class Shared
            {
                public static string Lower(string text) => text.ToLowerInvariant();
            }
            """);
        var context = RewardContext.For(compilation)!;

        Assert.True(context.IsRewardMethod(compilation.GetTypeByMetadataName("VerifierBase")!.GetMembers("Strip").Single()));
        Assert.True(context.IsRewardMethod(compilation.GetTypeByMetadataName("Shared")!.GetMembers("Lower").Single()));
    }

    [Fact]
    public void IsCompletionParameter_RecursiveHelper_FollowsTheCompletionWithoutLooping()
    {
        var compilation = Compile("""
            public sealed record Problem(string Answer);

            public sealed class Recursive : IVerifier<Problem>
            {
                public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                    new(Tail(completion.Text, 3) == problem.Answer ? Reward.Correct() : Reward.Wrong());

                private static string Tail(string text, int depth) => depth == 0 ? text : Tail(text.Substring(1), depth - 1);
            }

            public static class Unused
            {
                public static string Tail(string text) => Tail(text.Substring(1));
            }
            """);
        var context = RewardContext.For(compilation)!;
        var tail = (IMethodSymbol)compilation.GetTypeByMetadataName("Recursive")!.GetMembers("Tail").Single();
        var unused = (IMethodSymbol)compilation.GetTypeByMetadataName("Unused")!.GetMembers("Tail").Single();

        Assert.True(context.Symbols.IsCompletionParameter(tail.Parameters[0]));
        Assert.False(context.Symbols.IsCompletionParameter(tail.Parameters[1]));
        Assert.False(context.Symbols.IsCompletionParameter(unused.Parameters[0]));
    }

    private static CSharpCompilation Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "rewards",
            [CSharpSyntaxTree.ParseText(GlobalUsings.Source), CSharpSyntaxTree.ParseText(source)],
            TestReferences.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }
}
