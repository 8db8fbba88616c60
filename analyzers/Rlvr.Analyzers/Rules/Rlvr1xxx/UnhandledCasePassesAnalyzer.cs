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
