using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>
/// RLVR3004: a timed <c>CancellationTokenSource</c> whose token is never read, or a caught cancellation or
/// timeout that returns a number, <c>Reward.Correct</c>, or <c>Reward.Wrong</c> with no explicit reason.
/// </summary>
internal sealed class TimeoutNotEnforcedAnalyzer : RewardAnalyzer
{
    private const string UnusedToken = "This timed CancellationTokenSource's token is never passed on, so the timeout enforces nothing; pass its Token to the work it should bound";
    private const string ScoredTimeout = "A timeout caught here is returned as a plain score; return Reward.InfraError, or a scored 0 with an explicit reason such as Reasons.TimeLimit";

    public TimeoutNotEnforcedAnalyzer()
        : base(Descriptors.RLVR3004_TimeoutNotEnforced)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var source = context.Compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
        RegisterRewardOperation(context, reward, c => AnalyzeCatch(c, reward.Symbols), OperationKind.CatchClause);
        if (source is not null)
        {
            RegisterRewardOperation(context, reward, c => AnalyzeDeclarator(c, source), OperationKind.VariableDeclarator);
        }
    }

    private static void AnalyzeCatch(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        bool timeout = CatchHandlers.Catches(clause, "System.OperationCanceledException") || CatchHandlers.Catches(clause, "System.TimeoutException");
        if (!timeout || clause.Filter is not null || CatchHandlers.Throws(clause))
        {
            return;
        }

        var scored = CatchHandlers.FindScoredReturn(clause, symbols)
            is { } numberOrReward && !CatchHandlers.IsScored(numberOrReward.ReturnedValue, symbols, HasExplicitReason);
        if (scored)
        {
            var location = clause.Syntax is CatchClauseSyntax { Declaration: { } declaration } ? declaration.Type.GetLocation() : clause.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3004_TimeoutNotEnforced, location, ScoredTimeout));
        }
    }

    // Reward.Wrong(Reasons.TimeLimit) or Reward.Scored(0, "time_limit") says what happened; Wrong() and Correct() do not.
    private static bool HasExplicitReason(IInvocationOperation factory)
    {
        if (factory.TargetMethod.Name == "Correct")
        {
            return false;
        }

        var reason = factory.Arguments.FirstOrDefault(a => a.Parameter?.Name == "reason");
        return reason is not null
            && reason.ArgumentKind == ArgumentKind.Explicit
            && !(reason.Value.ConstantValue.HasValue && reason.Value.ConstantValue.Value is "wrong_answer" or "correct");
    }

    private static void AnalyzeDeclarator(OperationAnalysisContext context, INamedTypeSymbol source)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var local = declarator.Symbol;
        if (!SymbolEqualityComparer.Default.Equals(local.Type, source) || declarator.Initializer is null)
        {
            return;
        }

        var root = DataRoles.Root(declarator);
        bool timed = DataRoles.Unwrap(declarator.Initializer.Value) is IObjectCreationOperation { Arguments.Length: > 0 }
            || root.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name == "CancelAfter" && IsLocal(i.Instance, local));
        if (!timed)
        {
            return;
        }

        // Used: its Token is read, or the source itself is handed to something (which may read it).
        bool used = root.DescendantsAndSelf().Any(o =>
            (o is IPropertyReferenceOperation { Property.Name: "Token" } token && IsLocal(token.Instance, local))
            || (o is IArgumentOperation argument && IsLocal(argument.Value, local))
            || (o is IReturnOperation returned && IsLocal(returned.ReturnedValue, local)));
        if (!used)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3004_TimeoutNotEnforced, declarator.Syntax.GetLocation(), UnusedToken));
        }
    }

    private static bool IsLocal(IOperation? operation, ILocalSymbol local) =>
        DataRoles.Unwrap(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
