using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1001: <c>Contains</c>/<c>StartsWith</c>/<c>EndsWith</c>/<c>IndexOf</c> between completion and reference.</summary>
internal sealed class ContainmentAsCorrectnessAnalyzer : RewardAnalyzer
{
    public ContainmentAsCorrectnessAnalyzer()
        : base(Descriptors.RLVR1001_ContainmentAsCorrectness)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.ContainingType?.SpecialType != SpecialType.System_String
            || method.IsStatic
            || invocation.Instance is null
            || invocation.Arguments.Length == 0
            || invocation.Arguments[0].Value.Type?.SpecialType != SpecialType.System_String)
        {
            return;
        }

        switch (method.Name)
        {
            case "Contains" or "StartsWith" or "EndsWith":
                break;
            case "IndexOf" when invocation.Parent is IBinaryOperation:
                break;
            default:
                return;
        }

        var target = invocation.Instance;
        var argument = invocation.Arguments[0].Value;
        bool mixed = (DataRoles.IsCompletionDerived(target, symbols) && DataRoles.IsReferenceDerived(argument, symbols))
            || (DataRoles.IsReferenceDerived(target, symbols) && DataRoles.IsCompletionDerived(argument, symbols));
        if (mixed)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1001_ContainmentAsCorrectness, invocation.Syntax.GetLocation(), method.Name));
        }
    }
}
