using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>RLVR3007: async void methods, local functions and lambdas in reward code (event handlers excepted).</summary>
internal sealed class AsyncVoidInRewardAnalyzer : RewardAnalyzer
{
    /// <summary>Property set when the declaration has a return type the fix can change (methods and local functions).</summary>
    public const string FixableKey = "Fixable";

    public AsyncVoidInRewardAnalyzer()
        : base(Descriptors.RLVR3007_AsyncVoidInReward)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var eventArgs = context.Compilation.GetTypeByMetadataName("System.EventArgs");
        context.RegisterSymbolAction(
            c =>
            {
                var method = (IMethodSymbol)c.Symbol;
                if (IsAsyncVoid(method, eventArgs) && reward.IsRewardMethod(method))
                {
                    Report(c.ReportDiagnostic, method, fixable: true);
                }
            },
            SymbolKind.Method);
        RegisterRewardOperation(
            context,
            reward,
            c =>
            {
                switch (c.Operation)
                {
                    case ILocalFunctionOperation local when IsAsyncVoid(local.Symbol, eventArgs):
                        Report(c.ReportDiagnostic, local.Symbol, fixable: true);
                        break;
                    case IAnonymousFunctionOperation lambda when IsAsyncVoid(lambda.Symbol, eventArgs):
                        c.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3007_AsyncVoidInReward, lambda.Syntax.GetLocation(), "async lambda"));
                        break;
                }
            },
            OperationKind.LocalFunction,
            OperationKind.AnonymousFunction);
    }

    private static bool IsAsyncVoid(IMethodSymbol method, INamedTypeSymbol? eventArgs) =>
        method.IsAsync && method.ReturnsVoid && !IsEventHandler(method, eventArgs);

    // (object sender, EventArgs e) handlers have no other choice; they are not scoring code.
    private static bool IsEventHandler(IMethodSymbol method, INamedTypeSymbol? eventArgs)
    {
        if (method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object)
        {
            return false;
        }

        for (var type = method.Parameters[1].Type; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, eventArgs))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(System.Action<Diagnostic> report, IMethodSymbol method, bool fixable)
    {
        var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty;
        if (fixable)
        {
            properties = properties.Add(FixableKey, "true");
        }

        foreach (var location in method.Locations)
        {
            if (location.IsInSource)
            {
                report(Diagnostic.Create(Descriptors.RLVR3007_AsyncVoidInReward, location, properties, method.Name));
            }
        }
    }
}
