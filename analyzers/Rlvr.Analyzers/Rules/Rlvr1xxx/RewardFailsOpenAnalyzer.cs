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
        RegisterRewardOperation(context, reward, c => AnalyzeConditional(c, symbols), OperationKind.Conditional);
    }

    // missing ? Reward.Correct() : Score(...), as an expression (an expression body, an argument, a ternary).
    private static void AnalyzeConditional(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var conditional = (IConditionalOperation)context.Operation;
        if (conditional.WhenFalse is null || !IsNumericOrReward(conditional.Type, symbols))
        {
            return;
        }

        var branch = RewardValues.IsMaxReward(conditional.WhenTrue, symbols) ? conditional.WhenTrue
            : RewardValues.IsMaxReward(conditional.WhenFalse, symbols) ? conditional.WhenFalse
            : null;
        if (branch is not null && MissingWhen(conditional.Condition, symbols, 0) == ReferenceEquals(branch, conditional.WhenTrue))
        {
            Report(context, branch, "the reference is missing or unparseable");
        }
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

            if (node is IConditionalOperation conditional
                && (IsInBranch(conditional.WhenTrue, ret) || (conditional.WhenFalse is not null && IsInBranch(conditional.WhenFalse, ret)))
                && MissingWhen(conditional.Condition, symbols, 0) == IsInBranch(conditional.WhenTrue, ret))
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

    // Whether the condition is true (true) or false (false) when the reference is missing or unparseable, or
    // null when it does not test the reference: string.IsNullOrEmpty(reference), reference is null,
    // reference == null, !TryParse(reference, ...), their negations, or a bool local holding one of them.
    private static bool? MissingWhen(IOperation condition, RewardSymbols symbols, int depth)
    {
        condition = DataRoles.Unwrap(condition) ?? condition;
        if (depth > 4)
        {
            return null;
        }

        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                return MissingWhen(or.LeftOperand, symbols, depth + 1) == true || MissingWhen(or.RightOperand, symbols, depth + 1) == true ? true : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                return MissingWhen(and.LeftOperand, symbols, depth + 1) == false || MissingWhen(and.RightOperand, symbols, depth + 1) == false ? false : null;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return MissingWhen(not.Operand, symbols, depth + 1) is bool inner ? !inner : null;
            case IInvocationOperation { TargetMethod.Name: "IsNullOrEmpty" or "IsNullOrWhiteSpace" } call:
                return call.Arguments.Length == 1 && DataRoles.IsReferenceDerived(call.Arguments[0].Value, symbols) ? true : null;
            case IInvocationOperation { TargetMethod.Name: "TryParse" } parse:
                return parse.Arguments.Length > 0 && DataRoles.IsReferenceDerived(parse.Arguments[0].Value, symbols) ? false : null;
            case IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } pattern:
                return DataRoles.IsReferenceDerived(pattern.Value, symbols) ? true : null;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } } pattern:
                return DataRoles.IsReferenceDerived(pattern.Value, symbols) ? false : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equals
                when equals.RightOperand.ConstantValue is { HasValue: true, Value: null }:
                return DataRoles.IsReferenceDerived(equals.LeftOperand, symbols) ? equals.OperatorKind == BinaryOperatorKind.Equals : null;
            case ILocalReferenceOperation local when local.Type?.SpecialType == SpecialType.System_Boolean:
                bool? result = null;
                foreach (var value in DataRoles.AssignedValues(local))
                {
                    var each = MissingWhen(value, symbols, depth + 1);
                    if (each is null || (result is not null && result != each))
                    {
                        return null;
                    }

                    result = each;
                }

                return result;
            default:
                return null;
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
