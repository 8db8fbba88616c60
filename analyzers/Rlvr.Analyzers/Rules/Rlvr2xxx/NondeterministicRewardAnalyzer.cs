using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr2xxx;

/// <summary>
/// RLVR2001: the clock, an unseeded <c>Random</c>, <c>Random.Shared</c>, <c>Guid.NewGuid</c>, the tick count, or a
/// <c>string.GetHashCode</c> seed (randomised per process) in reward code.
/// </summary>
internal sealed class NondeterministicRewardAnalyzer : RewardAnalyzer
{
    private const string Rng = "Random";
    private const string Clock = "TimeProvider";

    public NondeterministicRewardAnalyzer()
        : base(Descriptors.RLVR2001_NondeterministicReward)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var random = context.Compilation.GetTypeByMetadataName("System.Random");
        var stopwatch = context.Compilation.GetTypeByMetadataName("System.Diagnostics.Stopwatch");
        RegisterRewardOperation(context, reward, c => AnalyzeCreation(c, random), OperationKind.ObjectCreation);
        RegisterRewardOperation(context, reward, c => AnalyzeMember(c, random), OperationKind.PropertyReference, OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeElapsed(c, stopwatch, reward.Symbols), OperationKind.PropertyReference, OperationKind.Invocation);
    }

    // A speed bonus: elapsed time (Stopwatch.GetElapsedTime, sw.Elapsed...) that flows into the score. Timing
    // kept as a metric, a log line or a time limit is not the score.
    private static void AnalyzeElapsed(OperationAnalysisContext context, INamedTypeSymbol? stopwatch, RewardSymbols symbols)
    {
        var member = context.Operation switch
        {
            IPropertyReferenceOperation property => (ISymbol)property.Property,
            IInvocationOperation invocation => invocation.TargetMethod,
            _ => null,
        };
        if (stopwatch is not null
            && member is { Name: "GetElapsedTime" or "Elapsed" or "ElapsedMilliseconds" or "ElapsedTicks" }
            && SymbolEqualityComparer.Default.Equals(member.ContainingType, stopwatch)
            && RewardValues.DecidesScore(context.Operation, symbols))
        {
            Report(context, context.Operation, $"Stopwatch.{member.Name}", Clock);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol? random)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (random is null || !SymbolEqualityComparer.Default.Equals(creation.Type, random))
        {
            return;
        }

        if (creation.Arguments.Length == 0)
        {
            Report(context, creation, "new Random()", Rng);
        }
        else if (IsStringHash(DataRoles.Unwrap(creation.Arguments[0].Value)))
        {
            Report(context, creation, "a string.GetHashCode() seed", Rng);
        }
    }

    private static void AnalyzeMember(OperationAnalysisContext context, INamedTypeSymbol? random)
    {
        ISymbol member;
        switch (context.Operation)
        {
            case IPropertyReferenceOperation property:
                member = property.Property;
                break;
            case IInvocationOperation invocation:
                member = invocation.TargetMethod;
                break;
            default:
                return;
        }

        var type = member.ContainingType;
        if (type is null)
        {
            return;
        }

        string? replacement = (IsSystem(type, "DateTime") || IsSystem(type, "DateTimeOffset")) && member.Name is "Now" or "UtcNow" or "Today"
            ? Clock
            : IsSystem(type, "Environment") && member.Name is "TickCount" or "TickCount64"
                ? Clock
                : IsSystem(type, "Guid") && member.Name == "NewGuid" && DecidesOrder(context.Operation)
                    ? Rng
                    : random is not null && SymbolEqualityComparer.Default.Equals(type, random) && member.Name == "Shared"
                        ? Rng
                        : null;
        if (replacement is not null)
        {
            Report(context, context.Operation, $"{type.Name}.{member.Name}", replacement);
        }
    }

    // A fresh Guid as a unique name (temp files, work directories) is fine; as a sort key (the OrderBy shuffle
    // idiom) or a seed it decides what gets scored.
    private static bool DecidesOrder(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case IInvocationOperation { TargetMethod.Name: "GetHashCode" }:
                case IObjectCreationOperation { Type.Name: "Random" }:
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" or "Sort" } }:
                    return true;
                case IInvocationOperation { TargetMethod.Name: "ToString" }:
                case IInterpolatedStringOperation:
                case IBinaryOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool IsStringHash(IOperation? operation) =>
        operation is IInvocationOperation { TargetMethod.Name: "GetHashCode", Instance.Type.SpecialType: SpecialType.System_String };

    private static bool IsSystem(INamedTypeSymbol type, string name) =>
        type.Name == name && type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    private static void Report(OperationAnalysisContext context, IOperation operation, string what, string replacement) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR2001_NondeterministicReward, operation.Syntax.GetLocation(), what, replacement));
}
