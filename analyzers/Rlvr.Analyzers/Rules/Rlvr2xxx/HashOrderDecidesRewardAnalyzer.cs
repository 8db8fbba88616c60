using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr2xxx;

/// <summary>
/// RLVR2003: positional access (<c>First</c>, <c>Last</c>, <c>ElementAt</c>, <c>Take</c>, <c>Skip</c>, <c>[i]</c> after
/// <c>ToList</c>/<c>ToArray</c>) or <c>string.Join</c>/<c>string.Concat</c> over a <c>HashSet</c> or a
/// <c>Dictionary</c> (or its keys or values). Order-independent uses (<c>Contains</c>, <c>Count</c>, <c>All</c>,
/// <c>SetEquals</c>, <c>foreach</c>) are not reported.
/// </summary>
internal sealed class HashOrderDecidesRewardAnalyzer : RewardAnalyzer
{
    private static readonly ImmutableHashSet<string> Positional = ImmutableHashSet.Create(
        "First", "FirstOrDefault", "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault", "Take", "Skip", "TakeLast", "SkipLast");

    public HashOrderDecidesRewardAnalyzer()
        : base(Descriptors.RLVR2003_HashOrderDecidesReward)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        RegisterRewardOperation(context, reward, AnalyzeInvocation, OperationKind.Invocation);
        RegisterRewardOperation(context, reward, AnalyzeElement, OperationKind.ArrayElementReference, OperationKind.PropertyReference);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.ContainingType?.ToDisplayString() == "System.Linq.Enumerable" && Positional.Contains(method.Name) && invocation.Arguments.Length > 0)
        {
            if (HashKind(invocation.Arguments[0].Value) is { } kind)
            {
                Report(context, method.Name, kind);
            }
        }
        else if (method.ContainingType?.SpecialType == SpecialType.System_String && method.Name is "Join" or "Concat")
        {
            var kind = invocation.Arguments.Select(a => HashKind(a.Value)).FirstOrDefault(k => k is not null);
            if (kind is not null)
            {
                Report(context, "string." + method.Name, kind);
            }
        }
    }

    private static void AnalyzeElement(OperationAnalysisContext context)
    {
        IOperation? collection = context.Operation switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Property.ContainingType?.Name == "List" => indexer.Instance,
            _ => null,
        };
        if (DataRoles.Unwrap(collection) is IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } copy
            && copy.Arguments.Length > 0
            && HashKind(copy.Arguments[0].Value) is { } kind)
        {
            Report(context, copy.TargetMethod.Name + "()[i]", kind);
        }
    }

    /// <summary>The hash collection's name when <paramref name="operation"/> is one, its keys or its values.</summary>
    private static string? HashKind(IOperation? operation)
    {
        var type = DataRoles.Unwrap(operation)?.Type;
        for (var t = type as INamedTypeSymbol; t is not null; t = t.ContainingType)
        {
            if (t.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic" && t.Name is "HashSet" or "Dictionary")
            {
                return t.Name; // Dictionary<K,V>.KeyCollection and ValueCollection are nested in Dictionary.
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, string what, string kind) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR2003_HashOrderDecidesReward, context.Operation.Syntax.GetLocation(), what, kind));
}
