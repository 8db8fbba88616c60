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
[DiagnosticAnalyzer(LanguageNames.CSharp)]
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
        RegisterRewardOperation(context, reward, AnalyzeWrite, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.Increment, OperationKind.Decrement);
        RegisterRewardOperation(context, reward, AnalyzeCall, OperationKind.Invocation);
    }

    private static void AnalyzeWrite(OperationAnalysisContext context)
    {
        var target = context.Operation switch
        {
            ISimpleAssignmentOperation simple => simple.Target,
            ICompoundAssignmentOperation compound => compound.Target,
            IIncrementOrDecrementOperation step => step.Target,
            _ => null,
        };
        if (target is IFieldReferenceOperation field && IsShared(field))
        {
            Report(context, field.Field.Name);
        }
        else if (target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer
            && DataRoles.Unwrap(indexer.Instance) is IFieldReferenceOperation collection
            && IsShared(collection)
            && IsPlainCollection(collection.Type))
        {
            Report(context, collection.Field.Name);
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (MutatingMethods.Contains(invocation.TargetMethod.Name)
            && DataRoles.Unwrap(invocation.Instance) is IFieldReferenceOperation field
            && IsShared(field)
            && IsPlainCollection(field.Type))
        {
            Report(context, field.Field.Name);
        }
    }

    // Fields of this object or static fields outlive the call; fields of locals and parameters are the caller's business.
    private static bool IsShared(IFieldReferenceOperation field) =>
        !field.Field.IsConst
        && (field.Field.IsStatic || field.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance })
        && !field.Field.ContainingType.IsValueType;

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
