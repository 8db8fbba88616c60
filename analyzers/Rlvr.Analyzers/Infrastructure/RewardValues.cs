using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>Recognises what a reward expression evaluates to: the maximum (a pass), a constant, a Reward factory.</summary>
internal static class RewardValues
{
    /// <summary>
    /// True for a value that means "full marks": <c>Reward.Correct()</c>, <c>Reward.Scored(1, ...)</c>, the
    /// constant 1 where a number is returned, <c>true</c> where a verdict is returned, also wrapped in
    /// <c>new ValueTask&lt;Reward&gt;(...)</c> or <c>Task.FromResult(...)</c>.
    /// </summary>
    public static bool IsMaxReward(IOperation? operation, RewardSymbols symbols)
    {
        operation = DataRoles.Unwrap(operation);
        switch (operation)
        {
            case IInvocationOperation invocation when symbols.IsReward(invocation.TargetMethod.ContainingType):
                return invocation.TargetMethod.Name == "Correct"
                    || (invocation.TargetMethod.Name == "Scored" && invocation.Arguments.Length > 0 && IsConstant(invocation.Arguments[0].Value, 1.0));
            case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult:
                return IsMaxReward(fromResult.Arguments[0].Value, symbols);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type?.Name is "ValueTask" or "Task":
                return IsMaxReward(creation.Arguments[0].Value, symbols);
            case IConversionOperation conversion:
                return IsMaxReward(conversion.Operand, symbols);
            default:
                return operation is not null
                    && (IsConstant(operation, 1.0) || operation.ConstantValue is { HasValue: true, Value: true });
        }
    }

    /// <summary>
    /// True for a value that means "no marks" or "not scored": <c>Reward.Wrong/Unscorable/InfraError</c>,
    /// <c>Reward.Scored(0, ...)</c>, the constant 0, <c>false</c>, wrapped as in <see cref="IsMaxReward"/>.
    /// </summary>
    public static bool IsFailure(IOperation? operation, RewardSymbols symbols)
    {
        operation = DataRoles.Unwrap(operation);
        switch (operation)
        {
            case IInvocationOperation invocation when symbols.IsReward(invocation.TargetMethod.ContainingType):
                return invocation.TargetMethod.Name is "Wrong" or "Unscorable" or "InfraError"
                    || (invocation.TargetMethod.Name == "Scored" && invocation.Arguments.Length > 0 && IsConstant(invocation.Arguments[0].Value, 0.0));
            case IInvocationOperation { TargetMethod.Name: "FromResult", Arguments.Length: 1 } fromResult:
                return IsFailure(fromResult.Arguments[0].Value, symbols);
            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type?.Name is "ValueTask" or "Task":
                return IsFailure(creation.Arguments[0].Value, symbols);
            default:
                return operation is not null
                    && (IsConstant(operation, 0.0) || operation.ConstantValue is { HasValue: true, Value: false });
        }
    }

    /// <summary>
    /// True when the boolean <paramref name="condition"/> (possibly inside !, &amp;&amp;, ||) selects a failure when it is
    /// true: <c>if (cond) return Reward.Wrong(...)</c> or <c>cond ? 0.0 : ...</c>. A vacuous truth there fails closed.
    /// </summary>
    public static bool TrueBranchFails(IOperation condition, RewardSymbols symbols)
    {
        bool negated = false;
        var node = condition;
        while (node.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } or IParenthesizedOperation)
        {
            if (node.Parent is IUnaryOperation)
            {
                negated = !negated;
            }

            node = node.Parent;
        }

        if (node.Parent is not IConditionalOperation conditional || !ReferenceEquals(conditional.Condition, node))
        {
            return false;
        }

        var branch = negated ? conditional.WhenFalse : conditional.WhenTrue;
        return branch is not null
            && (IsFailure(branch, symbols)
                || branch.DescendantsAndSelf().OfType<IReturnOperation>().Any(r => IsFailure(r.ReturnedValue, symbols)));
    }

    /// <summary>
    /// True when <paramref name="value"/> flows into the score: the value of <c>Reward.Scored</c>, or the condition of a
    /// conditional expression that chooses between rewards, followed up through arithmetic, member access, calls,
    /// numeric conditionals and locals. Metrics and details attached to a reward (<c>WithMetric</c>) are not the score.
    /// </summary>
    public static bool DecidesScore(IOperation value, RewardSymbols symbols) => DecidesScore(value, symbols, 0);

    private static bool DecidesScore(IOperation value, RewardSymbols symbols, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        for (var node = value; node.Parent is { } parent; node = parent)
        {
            switch (parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } argument when symbols.IsReward(call.TargetMethod.ContainingType):
                    return call.TargetMethod.Name == "Scored" && argument.Parameter?.Ordinal == 0;
                case IConditionalOperation conditional when ReferenceEquals(conditional.Condition, node):
                    if (conditional.WhenFalse is null || conditional.Type is null)
                    {
                        return false; // an if statement: a time limit, not a score
                    }

                    if (symbols.IsReward(conditional.Type) || IsMaxReward(conditional.WhenTrue, symbols) || IsMaxReward(conditional.WhenFalse, symbols))
                    {
                        return true;
                    }

                    continue;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    return UsesDecideScore(parent, declarator.Symbol, symbols, depth);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when ReferenceEquals(assignment.Value, node):
                    return UsesDecideScore(parent, target.Local, symbols, depth);
                case IExpressionStatementOperation or IBlockOperation or IReturnOperation or IVariableDeclarationOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool UsesDecideScore(IOperation site, ILocalSymbol local, RewardSymbols symbols, int depth) =>
        DataRoles.Root(site).Descendants().Any(o => o is ILocalReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Local, local)
            && !(reference.Parent is ISimpleAssignmentOperation assigned && ReferenceEquals(assigned.Target, reference))
            && DecidesScore(reference, symbols, depth + 1));

    /// <summary>True when the operation is a numeric constant equal to <paramref name="value"/>.</summary>
    public static bool IsConstant(IOperation? operation, double value) =>
        TryGetNumber(operation, out double number) && number == value;

    /// <summary>The numeric constant value of an operation, if it has one.</summary>
    public static bool TryGetNumber(IOperation? operation, out double number)
    {
        number = 0;
        var constant = (DataRoles.Unwrap(operation) ?? operation)?.ConstantValue;
        if (constant is not { HasValue: true } || constant.Value.Value is null or bool or string or char)
        {
            return false;
        }

        try
        {
            number = System.Convert.ToDouble(constant.Value.Value, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
        catch (System.InvalidCastException)
        {
            return false;
        }
    }

    /// <summary>True when the operation returns a value (a return statement or an expression body's value).</summary>
    public static IOperation? ReturnedValue(IOperation operation) => operation switch
    {
        IReturnOperation { ReturnedValue: { } value } => value,
        _ => null,
    };
}
