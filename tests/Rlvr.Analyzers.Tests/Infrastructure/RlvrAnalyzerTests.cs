using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Tests.Infrastructure;

/// <summary>
/// The host (<see cref="RlvrAnalyzer"/>, the one analyzer the compiler loads) reports exactly what the rules
/// report when each runs alone, which is what every rule test checks.
/// </summary>
public class RlvrAnalyzerTests
{
    // Bugs in every kind of reward scope (a verifier, a [RewardFunction], a helper, a rubric lambda built in
    // a constructor and in an initializer), and the same bugs in code that is not reward code.
    private const string Source = """
        public sealed record Problem(string Answer, double Value, IReadOnlyList<string> Lines);

        public sealed class MixedVerifier : IVerifier<Problem>
        {
            public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context)
            {
                if (string.IsNullOrEmpty(problem.Answer))
                {
                    return new ValueTask<Reward>(Reward.Correct());
                }

                double parsed = double.Parse(completion.Text, System.Globalization.CultureInfo.InvariantCulture);
                if (parsed == problem.Value)
                {
                    return new(Reward.Correct());
                }

                string[] lines = completion.Text.Split('\n');
                bool same = lines.Zip(problem.Lines).All(p => p.First == p.Second);
                return new(Grading.Matches(completion.Text, problem.Answer) || same ? Reward.Correct() : Reward.Wrong());
            }
        }

        public static class Grading
        {
            public static bool Matches(string completion, string expected) => completion.Contains(expected);
        }

        public static class Rewards
        {
            [RewardFunction]
            public static double Score(string response, string expected) =>
                Regex.IsMatch(response, "(a+)+$") && response.EndsWith(expected, StringComparison.Ordinal) ? 1.0 : 0.0;
        }

        public sealed class Builders
        {
            private readonly Rubric<Problem> rubric;

            public Builders()
            {
                rubric = Rubric<Problem>.CreateBuilder()
                    .Add("match", (p, c) => p.Answer.IndexOf(c.Text, StringComparison.Ordinal) >= 0 ? Reward.Correct() : Reward.Wrong())
                    .Build();
            }

            public Rubric<Problem> Initialized { get; } = Rubric<Problem>.CreateBuilder()
                .Add("number", (p, c) => double.Parse(c.Text, System.Globalization.CultureInfo.InvariantCulture) == p.Value ? Reward.Correct() : Reward.Wrong())
                .Build();

            public Rubric<Problem> Rubric => rubric;
        }

        public static class NotRewardCode
        {
            public static bool Matches(string completion, string expected) => completion.Contains(expected);

            public static bool Same(double a, double b) => a == b;

            public static bool Backtracks(string response) => Regex.IsMatch(response, "(a+)+$");
        }
        """;

    [Fact]
    public async Task Host_ReportsExactlyWhatTheRulesReportAlone()
    {
        var compilation = Compile();

        var hosted = await DiagnosticsOf(compilation, new RlvrAnalyzer());
        var alone = new List<string>();
        foreach (var rule in RlvrAnalyzer.Rules)
        {
            alone.AddRange(await DiagnosticsOf(compilation, rule));
        }

        alone.Sort(StringComparer.Ordinal);
        Assert.Equal(alone, hosted);

        // The source is not vacuous: several rules fire, in several scopes, and not-reward code stays silent.
        var ids = hosted.Select(d => d.Split(' ')[0]).Distinct().ToList();
        Assert.Superset(new HashSet<string> { "RLVR1001", "RLVR1003", "RLVR1009", "RLVR1014", "RLVR3001" }, ids.ToHashSet());
        Assert.Contains(hosted, d => d.StartsWith("RLVR1001", StringComparison.Ordinal) && d.EndsWith("in Grading", StringComparison.Ordinal));
        Assert.Contains(hosted, d => d.StartsWith("RLVR1001", StringComparison.Ordinal) && d.EndsWith("in Builders", StringComparison.Ordinal));
        Assert.Contains(hosted, d => d.StartsWith("RLVR1014", StringComparison.Ordinal) && d.EndsWith("in Builders", StringComparison.Ordinal));
        Assert.DoesNotContain(hosted, d => d.EndsWith("in NotRewardCode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Host_RuleTurnedOffForTheCompilation_IsNotRun()
    {
        var compilation = Compile();
        var options = compilation.Options.WithSpecificDiagnosticOptions(
            compilation.Options.SpecificDiagnosticOptions.SetItem("RLVR1001", ReportDiagnostic.Suppress));

        var hosted = await DiagnosticsOf(compilation.WithOptions(options), new RlvrAnalyzer());

        Assert.DoesNotContain(hosted, d => d.StartsWith("RLVR1001", StringComparison.Ordinal));
        Assert.Contains(hosted, d => d.StartsWith("RLVR1014", StringComparison.Ordinal));
    }

    private static CSharpCompilation Compile()
    {
        var compilation = CSharpCompilation.Create(
            "hosted",
            [CSharpSyntaxTree.ParseText(GlobalUsings.Source, path: "GlobalUsings.cs"), CSharpSyntaxTree.ParseText(Source, path: "Mixed.cs")],
            TestReferences.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return compilation;
    }

    // "RLVR1001 Mixed.cs(12,5): <enclosing member>" for every diagnostic, sorted.
    private static async Task<List<string>> DiagnosticsOf(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create(analyzer))
            .GetAnalyzerDiagnosticsAsync();
        var lines = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            var span = diagnostic.Location.GetLineSpan();
            var tree = diagnostic.Location.SourceTree!;
            var member = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan)
                .AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
            lines.Add($"{diagnostic.Id} {span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}) in {member}");
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }
}
