using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers;

/// <summary>
/// The analyzer the compiler loads: hosts every Rlvr rule (each <see cref="RewardAnalyzer"/> subclass) in one
/// driver registration. One block-start action decides per member whether it is reward code and fans the
/// member's operations out to the rules, which costs the build far less than 31 analyzers each called for
/// every block and every operation (see docs/benchmarks.md, Analyzers).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class RlvrAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Every rule of this assembly, found once by reflection so a new rule cannot be left out.</summary>
    internal static readonly ImmutableArray<RewardAnalyzer> Rules = typeof(RewardAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(RewardAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (RewardAnalyzer)Activator.CreateInstance(t))
        .ToImmutableArray();

    private static readonly ImmutableArray<DiagnosticDescriptor> Descriptors =
        Rules.SelectMany(r => r.SupportedDiagnostics).Distinct().ToImmutableArray();

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors;

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var reward = RewardContext.For(start.Compilation);
            if (reward is null)
            {
                return;
            }

            var dispatcher = new RewardDispatcher();
            foreach (var rule in Rules)
            {
                if (!IsSuppressed(rule, start.Compilation))
                {
                    rule.RegisterHosted(start, reward, dispatcher);
                }
            }

            dispatcher.RegisterWith(start, reward);
        });
    }

    // What the driver does for a separate analyzer: skip a rule whose every diagnostic is turned off for the
    // whole compilation (/nowarn, a rule set, or a global analyzer config). Per-file .editorconfig severities
    // are applied by the driver to what the rule reports.
    private static bool IsSuppressed(RewardAnalyzer rule, Compilation compilation)
    {
        foreach (var descriptor in rule.SupportedDiagnostics)
        {
            var option = compilation.Options.SpecificDiagnosticOptions.TryGetValue(descriptor.Id, out var specific)
                ? specific
                : compilation.Options.SyntaxTreeOptionsProvider is { } provider
                    && provider.TryGetGlobalDiagnosticValue(descriptor.Id, default, out var global)
                        ? global
                        : ReportDiagnostic.Default;
            if (option != ReportDiagnostic.Suppress)
            {
                return false;
            }
        }

        return true;
    }
}
