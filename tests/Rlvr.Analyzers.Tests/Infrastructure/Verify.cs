using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Rlvr.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer over test sources written with <c>[|...|]</c> / <c>{|RLVR1001:...|}</c> markup.
/// Sources get <see cref="GlobalUsings"/>, nullable on and offline references (<see cref="TestReferences"/>).
/// </summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Asserts that the markup's spans, and only those, get diagnostics.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Asserts that the source raises nothing (a near-miss).</summary>
    public static Task NoDiagnosticAsync(string source) => AnalyzerAsync(source);

    internal static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(TestReferences.References);
        test.TestState.Sources.Add(("GlobalUsings.cs", GlobalUsings.Source));
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = (CSharpCompilationOptions)project.CompilationOptions!;
            var parse = (CSharpParseOptions)project.ParseOptions!;
            return solution
                .WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(NullableContextOptions.Enable))
                .WithProjectParseOptions(projectId, parse.WithLanguageVersion(LanguageVersion.Preview));
        });
    }
}

/// <summary>Runs an analyzer and its code fix: the markup's diagnostics, then the fixed source.</summary>
public static class Verify<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Asserts the diagnostics in <paramref name="source"/> and that fixing all gives <paramref name="fixedSource"/>.</summary>
    public static Task CodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> { TestCode = source, FixedCode = fixedSource };
        Verify<TAnalyzer>.Configure(test);
        test.FixedState.Sources.Add(("GlobalUsings.cs", GlobalUsings.Source));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
