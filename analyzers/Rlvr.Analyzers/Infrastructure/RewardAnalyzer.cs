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
/// <remarks>
/// The compiler loads one analyzer, <see cref="RlvrAnalyzer"/>, which hosts every rule: per operation block
/// it decides once whether the block is reward code and fans each operation out to the rules registered
/// for its kind, instead of the driver calling 31 analyzers per block and per operation. A rule class is
/// still a complete analyzer on its own (the tests run each rule alone), and it behaves the same hosted
/// or alone.
/// </remarks>
internal abstract class RewardAnalyzer : DiagnosticAnalyzer
{
    // Set by the host while a rule registers, so that RegisterRewardOperation adds to the host's
    // dispatcher instead of registering with the driver. Registration is synchronous on one thread.
    [ThreadStatic]
    private static RewardDispatcher? hostDispatcher;

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

    /// <summary>Registers the rule inside the host: its reward-operation actions go to <paramref name="dispatcher"/>.</summary>
    internal void RegisterHosted(CompilationStartAnalysisContext context, RewardContext reward, RewardDispatcher dispatcher)
    {
        hostDispatcher = dispatcher;
        try
        {
            Register(context, reward);
        }
        finally
        {
            hostDispatcher = null;
        }
    }

    /// <summary>Registers the rule's actions for one compilation that references Rlvr.Core.</summary>
    protected abstract void Register(CompilationStartAnalysisContext context, RewardContext reward);

    /// <summary>
    /// Runs <paramref name="action"/> on operations of the given kinds that are reward code. The scope is
    /// decided once per operation block: every operation of a reward method, and inside any other member
    /// only the operations of reward lambdas (a member without one registers nothing).
    /// </summary>
    protected static void RegisterRewardOperation(
        CompilationStartAnalysisContext context,
        RewardContext reward,
        Action<OperationAnalysisContext> action,
        params OperationKind[] kinds)
    {
        if (hostDispatcher is { } dispatcher)
        {
            dispatcher.Add(action, kinds);
            return;
        }

        var single = new RewardDispatcher();
        single.Add(action, kinds);
        single.RegisterWith(context, reward);
    }
}
