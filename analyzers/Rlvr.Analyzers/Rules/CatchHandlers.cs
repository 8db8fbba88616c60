using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules;

/// <summary>What a catch handler turns the exception into; shared by RLVR3003, RLVR3004 and RLVR5001.</summary>
internal static class CatchHandlers
{
    /// <summary>True when the handler throws (or rethrows) anywhere: the fault is not turned into a score.</summary>
    public static bool Throws(ICatchClauseOperation clause) =>
        clause.Handler.DescendantsAndSelf().Any(o => o is IThrowOperation && !InsideLambda(o, clause));

    /// <summary>
    /// The first <c>return</c> of the handler whose value is a judgement: a number, or a reward built by
    /// <c>Reward.Correct/Wrong/Scored</c>. Returns of <c>InfraError</c>/<c>Unscorable</c> or of unknown values are
    /// not judgements. Full marks are left to RLVR1003 (reward fails open), so one fault gets one diagnostic.
    /// </summary>
    public static IReturnOperation? FindScoredReturn(ICatchClauseOperation clause, RewardSymbols symbols, System.Func<IInvocationOperation, bool>? factoryFilter = null) =>
        clause.Handler.DescendantsAndSelf()
            .OfType<IReturnOperation>()
            .FirstOrDefault(r => r.ReturnedValue is not null
                && !InsideLambda(r, clause)
                && !RewardValues.IsMaxReward(r.ReturnedValue, symbols)
                && IsScored(r.ReturnedValue, symbols, factoryFilter));

    /// <summary>
    /// A handler that does not return but sets a score local (<c>score = 0</c>) which the method later scores
    /// (<c>return Reward.Scored(score, ...)</c> or <c>return score</c>): the assignment, or null.
    /// </summary>
    public static IOperation? FindScoredFallThrough(ICatchClauseOperation clause, RewardSymbols symbols)
    {
        foreach (var node in clause.Handler.DescendantsAndSelf())
        {
            if (node is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                || InsideLambda(node, clause)
                || !IsRewardNumber(assignment.Value))
            {
                continue;
            }

            bool scored = DataRoles.Root(clause).Descendants().OfType<IReturnOperation>().Any(r =>
                r.ReturnedValue is { } value
                && !IsInside(r, clause)
                && value.DescendantsAndSelf().Any(o => IsLocal(o, target.Local)
                    && (ReferenceEquals(o, DataRoles.Unwrap(value)) || o.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.Name: "Scored" } scoredCall } && symbols.IsReward(scoredCall.Type)
                        || o.Parent is IConversionOperation { Parent: IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation { TargetMethod.Name: "Scored" } converted } } && symbols.IsReward(converted.Type))));
            if (scored)
            {
                return assignment;
            }
        }

        return null;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
        operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static bool IsInside(IOperation operation, IOperation container)
    {
        for (var node = operation; node is not null; node = node.Parent)
        {
            if (ReferenceEquals(node, container))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="value"/> is a number or a scored reward (through ValueTask/Task wrappers and With* chains).</summary>
    public static bool IsScored(IOperation? value, RewardSymbols symbols, System.Func<IInvocationOperation, bool>? factoryFilter = null)
    {
        value = DataRoles.Unwrap(value);
        switch (value)
        {
            case null:
                return false;
            case IConditionalOperation conditional:
                return IsScored(conditional.WhenTrue, symbols, factoryFilter) || IsScored(conditional.WhenFalse, symbols, factoryFilter);
            case IObjectCreationOperation creation when creation.Arguments.Length == 1 && creation.Type?.Name is "ValueTask":
                return IsScored(creation.Arguments[0].Value, symbols, factoryFilter);
            case IInvocationOperation { TargetMethod.Name: "FromResult" } fromResult when fromResult.Arguments.Length == 1:
                return IsScored(fromResult.Arguments[0].Value, symbols, factoryFilter);
            case IInvocationOperation invocation when symbols.IsReward(invocation.Type):
                var root = invocation;
                while (!root.TargetMethod.IsStatic && DataRoles.Unwrap(root.Instance) is IInvocationOperation inner && symbols.IsReward(inner.Type))
                {
                    root = inner; // Reward.Wrong().WithDetail(...).WithMetric(...)
                }

                return root.TargetMethod.IsStatic
                    && SymbolEqualityComparer.Default.Equals(root.TargetMethod.ContainingType, symbols.Reward)
                    && root.TargetMethod.Name is "Correct" or "Wrong" or "Scored"
                    && (factoryFilter is null || factoryFilter(root));
            default:
                return factoryFilter is null && IsRewardNumber(value);
        }
    }

    /// <summary>True when the clause's exception type derives from (or is) a type named <paramref name="fullName"/>.</summary>
    public static bool Catches(ICatchClauseOperation clause, string fullName)
    {
        for (var type = clause.ExceptionType; type is not null; type = type.BaseType)
        {
            if (type.ToDisplayString() == fullName)
            {
                return true;
            }
        }

        return false;
    }

    // A floating-point constant in [0, 1]: what a double-valued reward returns. Sentinels (NaN, -1) and integer
    // counts are how parse helpers signal failure, not scores.
    private static bool IsRewardNumber(IOperation value) =>
        value.Type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single
        && value.ConstantValue.HasValue
        && value.ConstantValue.Value is double or float
        && System.Convert.ToDouble(value.ConstantValue.Value, System.Globalization.CultureInfo.InvariantCulture) is >= 0.0 and <= 1.0;

    private static bool InsideLambda(IOperation operation, ICatchClauseOperation clause)
    {
        for (var node = operation.Parent; node is not null && node != clause; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
