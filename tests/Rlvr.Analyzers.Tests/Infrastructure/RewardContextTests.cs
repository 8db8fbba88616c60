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
