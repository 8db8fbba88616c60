using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>
/// RLVR1011: a [Reference] member (or the problem's answer) read while rendering the prompt: in an environment's
/// <c>RenderPrompt</c> override, or in a helper that <c>RenderPrompt</c> hands the problem to (up to three calls deep).
/// </summary>
internal sealed class ReferenceReachesPromptAnalyzer : RewardAnalyzer
{
    public ReferenceReachesPromptAnalyzer()
        : base(Descriptors.RLVR1011_ReferenceReachesPrompt)
    {
    }

    // RenderPrompt overrides are reward code, and so are the helpers they pass the problem to (three calls deep,
    // like every helper), so only reward code needs looking at.
    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward), OperationKind.PropertyReference, OperationKind.FieldReference);

    private static void Analyze(OperationAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        var member = (IMemberReferenceOperation)context.Operation;
        var instance = DataRoles.Unwrap(member.Instance) as IParameterReferenceOperation;
        bool leaks;
        if (reward.IsRenderPrompt(context.ContainingSymbol))
        {
            var render = (IMethodSymbol)context.ContainingSymbol;
            bool onProblem = instance is not null
                && render.Parameters.Length > 0
                && SymbolEqualityComparer.Default.Equals(instance.Parameter, render.Parameters[0]);
            leaks = symbols.HasReferenceAttribute(member.Member) || (onProblem && DataRoles.IsReferenceMember(member.Member, symbols));
        }
        else
        {
            // A helper: the member is read on the problem that RenderPrompt passed in.
            leaks = instance is not null
                && DataRoles.IsReferenceMember(member.Member, symbols)
                && reward.ReceivesPromptProblem(instance.Parameter);
        }

        if (leaks)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1011_ReferenceReachesPrompt, member.Syntax.GetLocation(), member.Member.Name));
        }
    }
}
