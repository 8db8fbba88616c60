using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1011: a [Reference] member (or the problem's answer) read while rendering the prompt.</summary>
internal sealed class ReferenceReachesPromptAnalyzer : RewardAnalyzer
{
    public ReferenceReachesPromptAnalyzer()
        : base(Descriptors.RLVR1011_ReferenceReachesPrompt)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        context.RegisterOperationAction(c => Analyze(c, reward.Symbols), OperationKind.PropertyReference, OperationKind.FieldReference);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        if (context.ContainingSymbol is not IMethodSymbol { Name: "RenderPrompt", IsOverride: true } render
            || !symbols.DerivesFromEnvironment(render.ContainingType))
        {
            return;
        }

        var member = (IMemberReferenceOperation)context.Operation;
        bool onProblem = DataRoles.Unwrap(member.Instance) is IParameterReferenceOperation parameter
            && render.Parameters.Length > 0
            && SymbolEqualityComparer.Default.Equals(parameter.Parameter, render.Parameters[0]);
        if (symbols.HasReferenceAttribute(member.Member) || (onProblem && DataRoles.IsReferenceMember(member.Member, symbols)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1011_ReferenceReachesPrompt, member.Syntax.GetLocation(), member.Member.Name));
        }
    }
}
