using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1013: <c>Regex.Match</c>, <c>IndexOf</c> feeding <c>Substring</c>, or <c>Split(...)[1]</c> on the completion.</summary>
internal sealed class FirstMatchAsFinalAnswerAnalyzer : RewardAnalyzer
{
    /// <summary>Property key telling the code fix what to change.</summary>
    public const string FixKey = "Fix";

    /// <summary>Add RegexOptions.RightToLeft.</summary>
    public const string RightToLeft = "RightToLeft";

    /// <summary>IndexOf becomes LastIndexOf.</summary>
    public const string LastIndexOf = "LastIndexOf";

    /// <summary>Split(...)[1] becomes Split(...)[^1].</summary>
    public const string FromEnd = "FromEnd";

    private const int RightToLeftFlag = 64;

    public FirstMatchAsFinalAnswerAnalyzer()
        : base(Descriptors.RLVR1013_FirstMatchAsFinalAnswer)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeElement(c, symbols), OperationKind.ArrayElementReference);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (RegexCall.From(invocation, symbols) is { Name: "Match" } call)
        {
            string? pattern = call.PatternText;
            if (call.Input is not null && pattern is not null && !call.HasUnknownOptions
                && !call.HasOption(RightToLeftFlag, '\0') && !IsAnchored(pattern)
                && DataRoles.IsCompletionDerived(call.Input.Value, symbols))
            {
                Report(context, invocation, "Regex.Match", RightToLeft);
            }

            return;
        }

        if (invocation.TargetMethod is { Name: "IndexOf", IsStatic: false, ContainingType.SpecialType: SpecialType.System_String }
            && invocation.Instance is { } text
            && (invocation.Arguments.Length == 1 || (invocation.Arguments.Length == 2 && invocation.Arguments[1].Value.Type?.Name == "StringComparison"))
            && invocation.Arguments[0].Value.ConstantValue.Value is string { Length: > 1 }
            && FeedsSubstring(invocation)
            && DataRoles.IsCompletionDerived(text, symbols))
        {
            Report(context, invocation, "IndexOf", LastIndexOf);
        }
    }

    // text.Split(d)[1]: the piece after the first delimiter.
    private static void AnalyzeElement(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var element = (IArrayElementReferenceOperation)context.Operation;
        if (element.Indices.Length == 1
            && RewardValues.IsConstant(element.Indices[0], 1)
            && SplitOf(element.ArrayReference) is IInvocationOperation { TargetMethod.Name: "Split", Instance: { } text } split
            && split.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
            && DataRoles.IsCompletionDerived(text, symbols))
        {
            Report(context, element, "Split(...)[1]", FromEnd);
        }
    }

    // The Split call that produced the pieces: directly, or through a local (string[] parts = text.Split(d); parts[1]).
    private static IOperation? SplitOf(IOperation pieces) => DataRoles.Unwrap(pieces) switch
    {
        ILocalReferenceOperation local when DataRoles.SingleAssignedValue(local) is { } only => DataRoles.Unwrap(only),
        var other => other,
    };

    private static bool IsAnchored(string pattern) =>
        pattern.StartsWith("^", System.StringComparison.Ordinal) || pattern.StartsWith("\\A", System.StringComparison.Ordinal)
        || pattern.EndsWith("$", System.StringComparison.Ordinal) || pattern.EndsWith("\\z", System.StringComparison.Ordinal) || pattern.EndsWith("\\Z", System.StringComparison.Ordinal);

    // The position is used to cut the text: directly in Substring/AsSpan/range, or through a local that is.
    private static bool FeedsSubstring(IInvocationOperation indexOf)
    {
        ILocalSymbol? local = indexOf.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } ? declarator.Symbol : null;
        for (var node = indexOf.Parent; node is not null; node = node.Parent)
        {
            if (IsCut(node))
            {
                return true;
            }

            if (node is IBlockOperation or IVariableDeclaratorOperation)
            {
                break;
            }
        }

        return local is not null && DataRoles.Root(indexOf).Descendants().Any(o => IsCut(o)
            && o.Descendants().Any(d => d is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)));
    }

    private static bool IsCut(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod.Name: "Substring" or "AsSpan" or "Remove" } or IRangeOperation;

    private static void Report(OperationAnalysisContext context, IOperation at, string what, string fix) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.RLVR1013_FirstMatchAsFinalAnswer,
            at.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(FixKey, fix),
            what));
}
