using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1017: a loop appending rewards that can skip an item (continue, or a catch that adds nothing).</summary>
internal sealed class BatchRewardsMisalignedAnalyzer : RewardAnalyzer
{
    public BatchRewardsMisalignedAnalyzer()
        : base(Descriptors.RLVR1017_BatchRewardsMisaligned)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var add = (IInvocationOperation)context.Operation;
        if (add.TargetMethod.Name != "Add"
            || add.Arguments.Length != 1
            || !IsRewardList(add.TargetMethod.ContainingType, symbols)
            || CollectionGuards.Symbol(add.Instance) is not { } list)
        {
            return;
        }

        var loop = Enclosing<ILoopOperation>(add);
        if (loop is null)
        {
            return;
        }

        int adds = loop.Body.Descendants().OfType<IInvocationOperation>().Count(o => IsAddTo(o, list));
        bool skips = loop.Body.Descendants().OfType<IBranchOperation>().Any(b => b.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel));
        if (skips && adds == 1)
        {
            Report(context, add, "a continue skips the Add");
            return;
        }

        var tryOperation = Enclosing<ITryOperation>(add);
        if (tryOperation is not null
            && IsInside(tryOperation, loop)
            && IsInside(add, tryOperation.Body)
            && tryOperation.Catches.Any(c => !c.Handler.Descendants().Any(o => o is IThrowOperation || (o is IInvocationOperation call && IsAddTo(call, list)))))
        {
            Report(context, add, "a catch adds nothing");
        }
    }

    private static bool IsRewardList(INamedTypeSymbol? type, RewardSymbols symbols) =>
        type is { Name: "List", TypeArguments.Length: 1 }
        && (symbols.IsReward(type.TypeArguments[0]) || type.TypeArguments[0].SpecialType is SpecialType.System_Double or SpecialType.System_Single);

    private static bool IsAddTo(IInvocationOperation call, ISymbol list) =>
        call.TargetMethod.Name == "Add" && SymbolEqualityComparer.Default.Equals(CollectionGuards.Symbol(call.Instance), list);

    private static T? Enclosing<T>(IOperation operation)
        where T : class, IOperation
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsInside(IOperation inner, IOperation outer)
    {
        for (var node = inner; node is not null; node = node.Parent)
        {
            if (ReferenceEquals(node, outer))
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationAnalysisContext context, IOperation at, string why) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1017_BatchRewardsMisaligned, at.Syntax.GetLocation(), "Add", why));
}
