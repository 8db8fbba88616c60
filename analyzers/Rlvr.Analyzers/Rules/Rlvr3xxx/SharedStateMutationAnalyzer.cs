using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>
/// RLVR3006: scoring code assigns a static field or a field of <c>this</c>, or adds to, removes from or indexes into
/// a non-concurrent collection held in such a field. Lazy initialisation (<c>??=</c>) and concurrent collections
/// are not reported.
/// </summary>
internal sealed class SharedStateMutationAnalyzer : RewardAnalyzer
{
    private static readonly ImmutableHashSet<string> MutatingMethods = ImmutableHashSet.Create(
        "Add", "AddRange", "Insert", "Remove", "RemoveAt", "RemoveAll", "Clear", "Enqueue", "Dequeue", "Push", "Pop", "TryAdd", "UnionWith", "Sort", "Reverse");

    public SharedStateMutationAnalyzer()
        : base(Descriptors.RLVR3006_SharedStateMutation)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeWrite(c, symbols), OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement);
        RegisterRewardOperation(context, reward, c => AnalyzeCall(c, symbols), OperationKind.Invocation);
    }

    private static void AnalyzeWrite(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var target = context.Operation switch
        {
            ISimpleAssignmentOperation simple => simple.Target,
            ICompoundAssignmentOperation compound => compound.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };
        if (target is IFieldReferenceOperation field && IsShared(field, symbols))
        {
            Report(context, field.Field.Name);
        }
        else if (target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer
            && DataRoles.Unwrap(indexer.Instance) is IFieldReferenceOperation collection
            && IsShared(collection, symbols)
            && IsPlainCollection(collection.Type))
        {
            Report(context, collection.Field.Name);
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (MutatingMethods.Contains(invocation.TargetMethod.Name)
            && DataRoles.Unwrap(invocation.Instance) is IFieldReferenceOperation field
            && IsShared(field, symbols)
            && IsPlainCollection(field.Type))
        {
            Report(context, field.Field.Name);
        }
    }

    // Static fields, and fields of the long-lived scoring objects themselves (verifiers, environments, reward
    // function classes), outlive the call. Helper objects created per call (a session, a parser) hold per-call
    // state, and fields of locals and parameters are the caller's business.
    private static bool IsShared(IFieldReferenceOperation field, RewardSymbols symbols)
    {
        var owner = field.Field.ContainingType;
        if (field.Field.IsConst || owner.IsValueType)
        {
            return false;
        }

        return field.Field.IsStatic
            || (field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                && (symbols.ImplementsVerifier(owner) || symbols.DerivesFromEnvironment(owner) || symbols.HasRewardFunctionAttribute(owner)));
    }

    private static bool IsPlainCollection(ITypeSymbol? type) =>
        type?.ContainingNamespace?.ToDisplayString() is "System.Collections.Generic" or "System.Collections";

    private static void Report(OperationAnalysisContext context, string name)
    {
        // Setters and disposal belong to a verifier type but are not scoring: they run outside ScoreAsync.
        if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }
            or IMethodSymbol { Name: "Dispose" or "DisposeAsync" })
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3006_SharedStateMutation, context.Operation.Syntax.GetLocation(), name));
    }
}
