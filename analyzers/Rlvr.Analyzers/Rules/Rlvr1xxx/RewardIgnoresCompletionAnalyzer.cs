using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1010: a scoring method or reward lambda that never reads its completion parameter.</summary>
internal sealed class RewardIgnoresCompletionAnalyzer : RewardAnalyzer
{
    public RewardIgnoresCompletionAnalyzer()
        : base(Descriptors.RLVR1010_RewardIgnoresCompletion)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        context.RegisterOperationBlockAction(c => AnalyzeMethod(c, symbols));
        context.RegisterOperationAction(c => AnalyzeLambda(c, reward), OperationKind.AnonymousFunction);
    }

    private static void AnalyzeMethod(OperationBlockAnalysisContext context, RewardSymbols symbols)
    {
        if (context.OwningSymbol is not IMethodSymbol method || method.IsAbstract || !IsScoringMethod(method, symbols))
        {
            return;
        }

        var completion = method.Parameters.FirstOrDefault(p => IsCompletionParameter(p, symbols));
        if (completion is null || OnlyThrows(context.OperationBlocks) || Reads(context.OperationBlocks, completion))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], method.Name));
    }

    private static void AnalyzeLambda(OperationAnalysisContext context, RewardContext reward)
    {
        var lambda = (IAnonymousFunctionOperation)context.Operation;
        if (!reward.IsRewardLambda(lambda.Syntax))
        {
            return;
        }

        var completion = lambda.Symbol.Parameters.FirstOrDefault(p => reward.Symbols.IsCompletion(p.Type) && !IsDiscardName(p.Name));
        if (completion is null || completion.Locations.Length == 0 || Reads(new[] { lambda.Body }, completion))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1010_RewardIgnoresCompletion, completion.Locations[0], "lambda"));
    }

    // IVerifier<T>.ScoreAsync implementations and [RewardFunction] methods.
    private static bool IsScoringMethod(IMethodSymbol method, RewardSymbols symbols) =>
        symbols.HasRewardFunctionAttribute(method)
        || (method.Name == "ScoreAsync" && method.ContainingType is { } type && symbols.ImplementsVerifier(type));

    private static bool IsCompletionParameter(IParameterSymbol parameter, RewardSymbols symbols) =>
        !IsDiscardName(parameter.Name)
        && (symbols.IsCompletion(parameter.Type)
            || (parameter.Type.SpecialType == SpecialType.System_String && parameter.Name is "completion" or "response" or "output"));

    private static bool IsDiscardName(string name) => name.Length > 0 && name.All(c => c == '_');

    private static bool Reads(IEnumerable<IOperation> blocks, IParameterSymbol parameter) =>
        blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IParameterReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter));

    // A stub that throws (NotImplementedException) is unfinished, not a baseline.
    private static bool OnlyThrows(IEnumerable<IOperation> blocks) =>
        blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IThrowOperation)
        && !blocks.SelectMany(b => b.DescendantsAndSelf()).Any(o => o is IReturnOperation { ReturnedValue: not null and not IThrowOperation });
}
