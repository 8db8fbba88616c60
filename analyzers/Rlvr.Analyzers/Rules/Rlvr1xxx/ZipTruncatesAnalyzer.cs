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
            || ZipOf(invocation.Arguments[0].Value, 0) is not { } zip
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

    // The Zip a sequence comes from: directly, through ToList/ToArray, or through a local that holds it.
    private static IInvocationOperation? ZipOf(IOperation value, int depth) => DataRoles.Unwrap(value) switch
    {
        IInvocationOperation { TargetMethod.Name: "Zip" } zip => zip,
        IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray", Arguments.Length: 1 } copy when depth < 3 => ZipOf(copy.Arguments[0].Value, depth + 1),
        ILocalReferenceOperation local when depth < 3 && DataRoles.SingleAssignedValue(local) is { } only => ZipOf(only, depth + 1),
        _ => null,
    };

    private static bool IsEnumerable(IMethodSymbol method) =>
        method.IsExtensionMethod && method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable";
}
