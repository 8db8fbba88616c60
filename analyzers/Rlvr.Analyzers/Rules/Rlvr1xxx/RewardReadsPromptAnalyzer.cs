using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1006: prompt text joined with the completion and then searched or extracted from.</summary>
internal sealed class RewardReadsPromptAnalyzer : RewardAnalyzer
{
    public RewardReadsPromptAnalyzer()
        : base(Descriptors.RLVR1006_RewardReadsPrompt)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var text = SearchedText(invocation, symbols);
        if (text is not null && JoinsPromptAndCompletion(text, symbols, 0))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1006_RewardReadsPrompt, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }

    // The text a matching or extraction call searches.
    private static IOperation? SearchedText(IInvocationOperation invocation, RewardSymbols symbols)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, symbols.AnswerExtractor)
            || (SymbolEqualityComparer.Default.Equals(type, symbols.Regex) && method.Name is "Match" or "Matches" or "IsMatch"))
        {
            return invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
        }

        if (type?.SpecialType == SpecialType.System_String && !method.IsStatic
            && method.Name is "Contains" or "IndexOf" or "LastIndexOf" or "Split" or "StartsWith" or "EndsWith")
        {
            return invocation.Instance;
        }

        return null;
    }

    private static bool IsBuilderOrCollection(ITypeSymbol? type) =>
        type is IArrayTypeSymbol
        || (type is not null && type.SpecialType != SpecialType.System_String
            && (type.Name == "StringBuilder" || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)));

    private static bool JoinsPromptAndCompletion(IOperation? operation, RewardSymbols symbols, int depth)
    {
        operation = DataRoles.Unwrap(operation);
        if (operation is null || depth > 3)
        {
            return false;
        }

        IEnumerable<IOperation>? parts = operation switch
        {
            IInterpolatedStringOperation interpolated => interpolated.Parts.OfType<IInterpolationOperation>().Select(p => p.Expression),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String => [add.LeftOperand, add.RightOperand],
            IInvocationOperation { TargetMethod.Name: "Concat" or "Join" } call when call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String =>
                call.Arguments.SelectMany(a => DataRoles.Elements(a.Value)),
            ILocalReferenceOperation local when IsBuilderOrCollection(local.Type) => DataRoles.Contributions(local),
            _ => null,
        };

        if (parts is not null)
        {
            var list = parts.ToList();
            return (list.Any(p => DataRoles.IsPromptDerived(p, symbols)) && list.Any(p => DataRoles.IsCompletionDerived(p, symbols)))
                || list.Any(p => JoinsPromptAndCompletion(p, symbols, depth + 1));
        }

        return operation switch
        {
            ILocalReferenceOperation local => DataRoles.AssignedValues(local).Any(v => JoinsPromptAndCompletion(v, symbols, depth + 1)),
            IInvocationOperation call => JoinsPromptAndCompletion(call.Instance, symbols, depth + 1),
            _ => false,
        };
    }
}
