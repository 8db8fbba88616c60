using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1004: the default arm of a dispatch over kinds (strings or enums) returns a pass.</summary>
internal sealed class UnhandledCasePassesAnalyzer : RewardAnalyzer
{
    public UnhandledCasePassesAnalyzer()
        : base(Descriptors.RLVR1004_UnhandledCasePasses)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeSwitchExpression(c, symbols), OperationKind.SwitchExpression);
        RegisterRewardOperation(context, reward, c => AnalyzeSwitchStatement(c, symbols), OperationKind.Switch);
        RegisterRewardOperation(context, reward, c => AnalyzeIfChain(c, symbols), OperationKind.Return);
    }

    // The same dispatch written with if statements: `if (kind == "a") ... else if (kind == "b") ... else return pass;`,
    // or ifs that each return, followed by a pass.
    private static void AnalyzeIfChain(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var ret = (IReturnOperation)context.Operation;
        if (!RewardValues.IsMaxReward(ret.ReturnedValue, symbols))
        {
            return;
        }

        var conditions = new List<IOperation>();
        IOperation node = ret.Parent is IBlockOperation { Operations.Length: 1 } only ? only : ret;
        if (node.Parent is IConditionalOperation conditional && ReferenceEquals(conditional.WhenFalse, node))
        {
            // Up the else-if chain: every condition guards a case the final else does not handle.
            for (var link = conditional; link is not null; link = link.Parent is IConditionalOperation outer && ReferenceEquals(outer.WhenFalse, link) ? outer : null)
            {
                conditions.Add(link.Condition);
            }
        }
        else if (ret.Parent is IBlockOperation block)
        {
            int index = block.Operations.IndexOf(ret);
            for (int i = index - 1; i >= 0 && block.Operations[i] is IConditionalOperation { WhenFalse: null } guard && AlwaysReturns(guard.WhenTrue); i--)
            {
                conditions.Add(guard.Condition);
            }
        }

        if (conditions.Count < 2)
        {
            return;
        }

        string? key = null;
        foreach (var condition in conditions)
        {
            var tested = TestedKind(condition);
            if (tested is null || (key is not null && key != tested))
            {
                return;
            }

            key = tested;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1004_UnhandledCasePasses, ret.Syntax.GetLocation()));
    }

    private static bool AlwaysReturns(IOperation branch) =>
        branch is IReturnOperation || (branch is IBlockOperation { Operations: { Length: > 0 } operations } && operations[operations.Length - 1] is IReturnOperation);

    // The text of the kind value a condition compares with a constant (`kind == "a"`, `kind is Kind.A or Kind.B`), or null.
    private static string? TestedKind(IOperation condition)
    {
        condition = DataRoles.Unwrap(condition) ?? condition;
        switch (condition)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                string? left = TestedKind(or.LeftOperand);
                return left is not null && left == TestedKind(or.RightOperand) ? left : null;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                var (value, constant) = equals.RightOperand.ConstantValue.HasValue ? (equals.LeftOperand, equals.RightOperand) : (equals.RightOperand, equals.LeftOperand);
                return constant.ConstantValue is { HasValue: true, Value: not null } && !value.ConstantValue.HasValue && IsKindDispatch(DataRoles.Unwrap(value)?.Type)
                    ? DataRoles.Unwrap(value)!.Syntax.ToString()
                    : null;
            case IIsPatternOperation { Pattern: IConstantPatternOperation or IBinaryPatternOperation } pattern:
                return IsKindDispatch(pattern.Value.Type) ? pattern.Value.Syntax.ToString() : null;
            default:
                return null;
        }
    }

    private static void AnalyzeSwitchExpression(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var switchExpression = (ISwitchExpressionOperation)context.Operation;
        if (!IsKindDispatch(switchExpression.Value.Type))
        {
            return;
        }

        var fallback = switchExpression.Arms.FirstOrDefault(a => a.Pattern is IDiscardPatternOperation && a.Guard is null);
        if (fallback is not null
            && switchExpression.Arms.Length >= 3
            && RewardValues.IsMaxReward(fallback.Value, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1004_UnhandledCasePasses, fallback.Syntax.GetLocation()));
        }
    }

    private static void AnalyzeSwitchStatement(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var switchStatement = (ISwitchOperation)context.Operation;
        if (!IsKindDispatch(switchStatement.Value.Type) || switchStatement.Cases.Length < 3)
        {
            return;
        }

        foreach (var section in switchStatement.Cases)
        {
            if (section.Clauses.Any(c => c.CaseKind == CaseKind.Default)
                && section.Body.LastOrDefault() is IReturnOperation ret
                && RewardValues.IsMaxReward(ret.ReturnedValue, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1004_UnhandledCasePasses, section.Clauses.First(c => c.CaseKind == CaseKind.Default).Syntax.GetLocation()));
            }
        }
    }

    // Kinds are named: strings and enums. A switch over numbers or characters is arithmetic, not a dispatch.
    private static bool IsKindDispatch(ITypeSymbol? type) =>
        type is not null && (type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Enum);
}
