using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1009: <c>a.Zip(b).All(...)</c> (or Count/Sum/Any) with no length comparison of a and b.</summary>
internal sealed class ZipTruncatesAnalyzer : RewardAnalyzer
{
    public ZipTruncatesAnalyzer()
        : base(Descriptors.RLVR1009_ZipTruncates)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, Analyze, OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name is not ("All" or "Any" or "Count" or "Sum" or "Average")
            || !IsEnumerable(invocation.TargetMethod)
            || invocation.Arguments.Length == 0
            || DataRoles.Unwrap(invocation.Arguments[0].Value) is not IInvocationOperation { TargetMethod.Name: "Zip" } zip
            || !IsEnumerable(zip.TargetMethod)
            || zip.Arguments.Length < 2)
        {
            return;
        }

        var first = CollectionGuards.Symbol(zip.Arguments[0].Value);
        var second = CollectionGuards.Symbol(zip.Arguments[1].Value);
        if ((first is not null && CollectionGuards.IsSizeChecked(invocation, first))
            || (second is not null && CollectionGuards.IsSizeChecked(invocation, second)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1009_ZipTruncates, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
    }

    private static bool IsEnumerable(IMethodSymbol method) =>
        method.IsExtensionMethod && method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable";
}
