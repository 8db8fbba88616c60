using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1003: full marks on a missing reference, a failed lookup, a caught exception, <c>?? 1</c>.</summary>
internal sealed class RewardFailsOpenAnalyzer : RewardAnalyzer
{
    public RewardFailsOpenAnalyzer()
        : base(Descriptors.RLVR1003_RewardFailsOpen)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeCoalesce(c, symbols), OperationKind.Coalesce);
        RegisterRewardOperation(context, reward, c => AnalyzeLookup(c, symbols), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeReturn(c, symbols), OperationKind.Return);
    }

    private static void AnalyzeCoalesce(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var coalesce = (ICoalesceOperation)context.Operation;
        if (IsNumericOrReward(coalesce.Type, symbols) && RewardValues.IsMaxReward(coalesce.WhenNull, symbols))
        {
            Report(context, coalesce.WhenNull, "a value is missing (?? falls back to full marks)");
        }
    }

    private static void AnalyzeLookup(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name == "GetValueOrDefault"
            && invocation.Arguments.Length >= 2
            && IsNumericOrReward(invocation.Type, symbols)
            && RewardValues.IsMaxReward(invocation.Arguments[invocation.Arguments.Length - 1].Value, symbols))
        {
            Report(context, invocation, "a lookup fails (the default is full marks)");
        }
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var ret = (IReturnOperation)context.Operation;
        if (ret.ReturnedValue is null || !RewardValues.IsMaxReward(ret.ReturnedValue, symbols) || !IsNumericOrReward(ReturnType(ret), symbols)
            || IsTryPattern(ret))
        {
            return;
        }

        for (var node = ret.Parent; node is not null && node is not IAnonymousFunctionOperation; node = node.Parent)
        {
            if (node is ICatchClauseOperation)
            {
                Report(context, ret, "an exception is caught");
                return;
            }

            if (node is IConditionalOperation conditional && IsInBranch(conditional.WhenTrue, ret) && ChecksMissingReference(conditional.Condition, symbols))
            {
                Report(context, ret, "the reference is missing or unparseable");
                return;
            }
        }
    }

    private static bool IsInBranch(IOperation branch, IOperation operation)
    {
        for (var node = operation; node is not null; node = node.Parent)
        {
            if (ReferenceEquals(node, branch))
            {
                return true;
            }
        }

        return false;
    }

    // string.IsNullOrEmpty(reference), reference is null, reference == null, !TryParse(reference, ...).
    private static bool ChecksMissingReference(IOperation condition, RewardSymbols symbols)
    {
        condition = DataRoles.Unwrap(condition) ?? condition;
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                return ChecksMissingReference(or.LeftOperand, symbols) || ChecksMissingReference(or.RightOperand, symbols);
            case IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } call:
                return call.Arguments.Length == 1 && DataRoles.IsReferenceDerived(call.Arguments[0].Value, symbols);
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } pattern:
                return DataRoles.IsReferenceDerived(pattern.Value, symbols);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals
                when equals.RightOperand.ConstantValue is { HasValue: true, Value: null }:
                return DataRoles.IsReferenceDerived(equals.LeftOperand, symbols);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: IInvocationOperation { TargetMethod.Name: "TryParse" } parse }:
                return parse.Arguments.Length > 0 && DataRoles.IsReferenceDerived(parse.Arguments[0].Value, symbols);
            default:
                return false;
        }
    }

    // bool TryParseX(..., out ...) returns true for "succeeded", not for "passed".
    private static bool IsTryPattern(IReturnOperation ret) =>
        ret.ReturnedValue?.Type?.SpecialType == SpecialType.System_Boolean
        && ret.SemanticModel?.GetEnclosingSymbol(ret.Syntax.SpanStart) is IMethodSymbol method
        && (method.Name.StartsWith("Try", System.StringComparison.Ordinal) || method.Parameters.Any(p => p.RefKind == RefKind.Out));

    private static ITypeSymbol? ReturnType(IReturnOperation ret)
    {
        for (var node = ret.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation lambda)
            {
                return lambda.Symbol.ReturnType;
            }

            if (node is ILocalFunctionOperation local)
            {
                return local.Symbol.ReturnType;
            }
        }

        return ret.SemanticModel?.GetEnclosingSymbol(ret.Syntax.SpanStart) is IMethodSymbol method ? method.ReturnType : null;
    }

    // Rewards are numbers or Reward, possibly inside Task/ValueTask; a bool-returning helper is a verdict too.
    private static bool IsNumericOrReward(ITypeSymbol? type, RewardSymbols symbols)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" or "Nullable" } wrapper)
        {
            type = wrapper.TypeArguments[0];
        }

        return type is not null
            && (symbols.IsReward(type)
                || type.SpecialType is SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal or SpecialType.System_Boolean);
    }

    private static void Report(OperationAnalysisContext context, IOperation at, string when) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1003_RewardFailsOpen, at.Syntax.GetLocation(), when));
}
