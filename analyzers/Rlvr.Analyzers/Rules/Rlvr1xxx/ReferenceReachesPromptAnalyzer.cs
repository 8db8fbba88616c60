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
    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        RegisterRewardOperation(context, reward, c => Analyze(c, reward), OperationKind.PropertyReference, OperationKind.FieldReference);
        RegisterRewardOperation(context, reward, c => AnalyzeWholeProblem(c, reward), OperationKind.ParameterReference);
    }

    // The whole problem turned into text: JsonSerializer.Serialize(problem), or a record interpolated or
    // concatenated (its generated ToString prints every member), when the problem type holds a reference.
    private static void AnalyzeWholeProblem(OperationAnalysisContext context, RewardContext reward)
    {
        var reference = (IParameterReferenceOperation)context.Operation;
        IOperation node = reference;
        while (node.Parent is IConversionOperation or IParenthesizedOperation)
        {
            node = node.Parent;
        }

        bool record = reference.Type is { IsRecord: true };
        bool toText = node.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } => call.TargetMethod.Name.StartsWith("Serialize", System.StringComparison.Ordinal),
            IInterpolationOperation => record,
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add => record && add.Type?.SpecialType == SpecialType.System_String,
            IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0 } => record,
            _ => false,
        };
        if (!toText || reference.Type is not INamedTypeSymbol type || ReferenceMember(type, reward.Symbols) is not { } leaked)
        {
            return;
        }

        var parameter = reference.Parameter;
        bool isProblem = reward.IsRenderPrompt(context.ContainingSymbol)
            ? parameter.Ordinal == 0 && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, context.ContainingSymbol)
            : reward.ReceivesPromptProblem(parameter);
        if (isProblem)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1011_ReferenceReachesPrompt, reference.Syntax.GetLocation(), leaked.Name));
        }
    }

    private static ISymbol? ReferenceMember(INamedTypeSymbol type, RewardSymbols symbols)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol { DeclaredAccessibility: Accessibility.Public, IsStatic: false }
                && (DataRoles.IsReferenceMember(member, symbols) || DataRoles.IsReferenceLikeName(member.Name)))
            {
                return member;
            }
        }

        return null;
    }

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
            leaks = symbols.HasReferenceAttribute(member.Member)
                || (onProblem && (DataRoles.IsReferenceMember(member.Member, symbols) || DataRoles.IsReferenceLikeName(member.Member.Name)));
        }
        else
        {
            // A helper: the member is read on the problem that RenderPrompt passed in.
            leaks = instance is not null
                && (DataRoles.IsReferenceMember(member.Member, symbols) || DataRoles.IsReferenceLikeName(member.Member.Name))
                && reward.ReceivesPromptProblem(instance.Parameter);
        }

        if (leaks)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1011_ReferenceReachesPrompt, member.Syntax.GetLocation(), member.Member.Name));
        }
    }
}
