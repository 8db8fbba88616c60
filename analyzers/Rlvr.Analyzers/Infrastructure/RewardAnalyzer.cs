using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Base of every Rlvr rule: concurrent, skips generated code, and does nothing unless the compilation
/// references Rlvr.Core. Rules implement <see cref="Register"/> and see only reward code when they use
/// <see cref="RegisterRewardOperation"/>.
/// </summary>
internal abstract class RewardAnalyzer : DiagnosticAnalyzer
{
    protected RewardAnalyzer(params DiagnosticDescriptor[] descriptors)
    {
        SupportedDiagnostics = ImmutableArray.Create(descriptors);
    }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var reward = RewardContext.For(start.Compilation);
            if (reward is not null)
            {
                Register(start, reward);
            }
        });
    }

    /// <summary>Registers the rule's actions for one compilation that references Rlvr.Core.</summary>
    protected abstract void Register(CompilationStartAnalysisContext context, RewardContext reward);

    /// <summary>Runs <paramref name="action"/> on operations of the given kinds that are reward code.</summary>
    protected static void RegisterRewardOperation(
        CompilationStartAnalysisContext context,
        RewardContext reward,
        Action<OperationAnalysisContext> action,
        params OperationKind[] kinds) =>
        context.RegisterOperationAction(
            c =>
            {
                if (reward.IsRewardCode(c))
                {
                    action(c);
                }
            },
            kinds);
}
