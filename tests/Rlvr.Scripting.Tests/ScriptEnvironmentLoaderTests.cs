using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Scripting.Tests;

public sealed class ScriptEnvironmentLoaderTests
{
    private static readonly string ExampleScript = RepoPaths.Combine("examples", "scripts", "exact_match.csx");

    [Fact]
    public async Task LoadAsync_ExampleScript_ScoresItsSamplesEndToEnd()
    {
        var loaded = await new ScriptEnvironmentLoader().LoadAsync(ExampleScript);
        Assert.Equal("script/exact-match", loaded.Environment.Name);
        var requests = new List<ScoringRequest>();
        foreach (string line in File.ReadAllLines(RepoPaths.Combine("examples", "scripts", "exact_match.samples.jsonl")).Where(l => l.Length > 0))
        {
            using var sample = JsonDocument.Parse(line);
            Assert.True(SampleParser.TryParse(sample.RootElement, loaded.Environment, out var request, out _, out string? message), message);
            requests.Add(request);
        }

        var results = await new ScoringEngine().ScoreAsync(loaded.Environment, requests);
        Assert.Equal([1.0, 0.0, 0.0, 0.0], results.Select(r => r.Reward.Value));
        Assert.Equal(["correct", "wrong_answer", "no_answer", "bad_reference"], results.Select(r => r.Reward.Reason));
        Assert.Equal(Outcome.Unscorable, results[3].Reward.Outcome);
    }

    [Fact]
    public async Task LoadAsync_CompileError_NamesTheLine()
    {
        string path = WriteScript("""
            // line 1
            public sealed record P(string Answer);
            int x = "not a number";
            new object()
            """);
        var ex = await Assert.ThrowsAsync<ScriptCompilationException>(() => new ScriptEnvironmentLoader().LoadAsync(path));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal("CS0029", error.Id);
        Assert.Contains($"{path}(3,", ex.Message);
    }

    [Fact]
    public async Task LoadAsync_ScriptReturnsNoEnvironment_SaysWhatToReturn()
    {
        string path = WriteScript("var x = 1;\nx + 1");
        var ex = await Assert.ThrowsAsync<ScriptCompilationException>(() => new ScriptEnvironmentLoader().LoadAsync(path));
        Assert.Contains("must end with an expression that returns the environment", ex.Message);
    }

    [Fact]
    public async Task LoadAsync_SameTextTwice_CompilesOnce()
    {
        string text = File.ReadAllText(ExampleScript).Replace("script/exact-match", "script/exact-match-" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var loader = new ScriptEnvironmentLoader();
        var first = await loader.LoadAsync(WriteScript(text));
        var second = await loader.LoadAsync(WriteScript(text));
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Same(first.Environment, second.Environment);
        Assert.Equal(first.ContentHash, second.ContentHash);
    }

    [Fact]
    public async Task LoadAsync_WithAnalyzer_ReturnsItsWarningsByLine()
    {
        string text = File.ReadAllText(ExampleScript).Replace("script/exact-match", "script/analyzed-" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
        var loaded = await new ScriptEnvironmentLoader([new SealedClassAnalyzer()]).LoadAsync(WriteScript(text));
        var warning = Assert.Single(loaded.Warnings, w => w.Id == SealedClassAnalyzer.Id);
        int expectedLine = Array.FindIndex(text.Split('\n'), l => l.Contains("class ExactMatchEnvironment", StringComparison.Ordinal)) + 1;
        Assert.Equal(expectedLine, warning.Line);
        Assert.Equal("warning", warning.Severity);
    }

    [Fact]
    public async Task LoadAsync_NewProcessWithCacheDirectory_ReusesCompiledAssemblyAndWarnings()
    {
        string cache = Directory.CreateTempSubdirectory("rlvr-script-cache-").FullName;
        try
        {
            string text = File.ReadAllText(ExampleScript)
                .Replace("script/exact-match", "script/disk-" + Guid.NewGuid().ToString("N"), StringComparison.Ordinal)
                .Replace("new ExactMatchEnvironment()", "#warning kept in the cache\nnew ExactMatchEnvironment()", StringComparison.Ordinal);
            var first = await new ScriptEnvironmentLoader(cacheDirectory: cache).LoadAsync(WriteScript(text));
            Assert.False(first.FromCache);
            Assert.Equal(2, Directory.GetFiles(cache).Length);

            ScriptEnvironmentLoader.ClearProcessCache();
            string elsewhere = WriteScript(text);
            var second = await new ScriptEnvironmentLoader(cacheDirectory: cache).LoadAsync(elsewhere);
            Assert.True(second.FromCache);
            Assert.NotSame(first.Environment, second.Environment);
            Assert.Equal(first.Environment.Name, second.Environment.Name);
            var warning = Assert.Single(second.Warnings, w => w.Id == "CS1030");
            Assert.Equal(elsewhere, warning.File);
            Assert.Equal(first.Warnings.Single(w => w.Id == "CS1030").Line, warning.Line);
            var reward = await second.Environment.ScoreAsync(second.Environment.ParseProblem(System.Text.Json.JsonDocument.Parse("""{"question": "q", "answer": "A"}""").RootElement), "<answer>a</answer>", new Rlvr.Core.ScoringContext("x"));
            Assert.Equal(1.0, reward.Value);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void AnalyzersFrom_MissingFile_ReturnsNone()
    {
        Assert.Empty(ScriptEnvironmentLoader.AnalyzersFrom(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".dll")));
    }

    private static string WriteScript(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), "rlvr-test-" + Guid.NewGuid().ToString("N") + ".csx");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Reports every sealed class: stands in for the Rlvr analyzers to prove the hook runs analyzers on scripts.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class SealedClassAnalyzer : DiagnosticAnalyzer
    {
        public const string Id = "TEST0001";

        private static readonly DiagnosticDescriptor Rule = new(Id, "Sealed class", "Class '{0}' is sealed", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Rule];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(
                c =>
                {
                    var declaration = (ClassDeclarationSyntax)c.Node;
                    if (declaration.Modifiers.Any(SyntaxKind.SealedKeyword))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, declaration.Identifier.GetLocation(), declaration.Identifier.Text));
                    }
                },
                SyntaxKind.ClassDeclaration);
        }
    }
}
