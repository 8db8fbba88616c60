using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1015: constant rewards outside [0, 1], division by an unchecked size, parsed numbers returned as the reward.</summary>
internal sealed class RewardOutOfRangeAnalyzer : RewardAnalyzer
{
    public RewardOutOfRangeAnalyzer()
        : base(Descriptors.RLVR1015_RewardOutOfRange)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeScored(c, symbols), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeReturn(c, symbols), OperationKind.Return);
        RegisterRewardOperation(context, reward, AnalyzeDivision, OperationKind.Binary);
    }

    // Reward.Scored(value, ...): a constant outside [0, 1], or a number parsed from text and never checked.
    private static void AnalyzeScored(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Scored" || !symbols.IsReward(invocation.TargetMethod.ContainingType) || invocation.Arguments.Length == 0)
        {
            return;
        }

        var value = invocation.Arguments[0].Value;
        if (RewardValues.TryGetNumber(value, out _) || DataRoles.Unwrap(value) is IConditionalOperation or ISwitchExpressionOperation)
        {
            ReportOutOfRange(context, value);
            return;
        }

        if (IsParsed(value, 0) && !IsChecked(invocation))
        {
            Report(context, value, "A number parsed from text is used as the reward without checking that it is finite and in [0, 1]");
        }
    }

    // return -1; from a [RewardFunction] method that returns a number.
    private static void AnalyzeReturn(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var ret = (IReturnOperation)context.Operation;
        if (context.ContainingSymbol is IMethodSymbol method
            && symbols.HasRewardFunctionAttribute(method)
            && method.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Single
            && !InLambda(ret))
        {
            ReportOutOfRange(context, ret.ReturnedValue);
        }
    }

    // A constant, or a conditional or switch expression choosing between values: each out-of-range constant is reported.
    private static void ReportOutOfRange(OperationAnalysisContext context, IOperation? value)
    {
        value = DataRoles.Unwrap(value);
        if (value is IConditionalOperation conditional)
        {
            ReportOutOfRange(context, conditional.WhenTrue);
            ReportOutOfRange(context, conditional.WhenFalse);
        }
        else if (value is ISwitchExpressionOperation switchExpression)
        {
            foreach (var arm in switchExpression.Arms)
            {
                ReportOutOfRange(context, arm.Value);
            }
        }
        else if (value is not null && RewardValues.TryGetNumber(value, out double number) && (number < 0 || number > 1 || double.IsNaN(number)))
        {
            Report(context, value, string.Format(CultureInfo.InvariantCulture, "The reward {0} is outside [0, 1]", number));
        }
    }

    // passed / (double)tests.Count: NaN when there are no tests, unless the size is checked.
    private static void AnalyzeDivision(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind != BinaryOperatorKind.Divide || binary.Type?.SpecialType is not (SpecialType.System_Double or SpecialType.System_Single))
        {
            return;
        }

        IOperation? collection = DataRoles.Unwrap(binary.RightOperand) switch
        {
            IPropertyReferenceOperation { Property.Name: "Count" or "Length" } size => size.Instance,
            IInvocationOperation { TargetMethod.Name: "Count", Arguments.Length: 1 } count => count.Arguments[0].Value,
            _ => null,
        };
        var symbol = CollectionGuards.Symbol(collection);
        if (symbol is not null && !CollectionGuards.IsSizeChecked(binary, symbol))
        {
            Report(context, binary, $"Dividing by the size of '{symbol.Name}' gives NaN when it is empty; check for empty first");
        }
    }

    private static bool IsParsed(IOperation? operation, int depth)
    {
        operation = DataRoles.Unwrap(operation);
        if (operation is null || depth > 4)
        {
            return false;
        }

        return operation switch
        {
            IInvocationOperation { TargetMethod.Name: "Parse" or "TryParse" or "ToDouble" or "ToSingle" } => true,
            ILocalReferenceOperation local => DataRoles.AssignedValues(local).Any(v => IsParsed(v, depth + 1)),
            IBinaryOperation binary => IsParsed(binary.LeftOperand, depth + 1) || IsParsed(binary.RightOperand, depth + 1),
            _ => false,
        };
    }

    // Any finiteness or range check in the method counts: IsFinite, IsNaN, Clamp, Min/Max, or a comparison.
    private static bool IsChecked(IOperation site) =>
        DataRoles.Root(site).Descendants().Any(o => o switch
        {
            IInvocationOperation { TargetMethod.Name: "IsFinite" or "IsNaN" or "IsInfinity" or "Clamp" or "Min" or "Max" } => true,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } => true,
            IRelationalPatternOperation => true,
            _ => false,
        });

    private static bool InLambda(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation at, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1015_RewardOutOfRange, at.Syntax.GetLocation(), message));
}
