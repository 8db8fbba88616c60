using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1005: <c>All(...)</c>, <c>passed == total</c>, <c>!Any(...)</c> over a collection nobody checks is non-empty.</summary>
internal sealed class VacuousPassOnEmptyAnalyzer : RewardAnalyzer
{
    /// <summary>Property key for the code fix: the collection expression's text.</summary>
    public const string CollectionKey = "Collection";

    public VacuousPassOnEmptyAnalyzer()
        : base(Descriptors.RLVR1005_VacuousPassOnEmpty)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeEquality(c, symbols), OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsExtensionMethod || method.ContainingType?.Name != "Enumerable" || invocation.Arguments.Length != 2)
        {
            return;
        }

        IOperation site;
        if (method.Name == "All")
        {
            site = invocation;
        }
        else if (method.Name == "Any" && invocation.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            site = not;
        }
        else
        {
            return;
        }

        Check(context, symbols, site, invocation.Arguments[0].Value, method.Name);
    }

    // passed == tests.Count: both zero when there are no tests.
    private static void AnalyzeEquality(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind != BinaryOperatorKind.Equals || binary.LeftOperand.ConstantValue.HasValue || binary.RightOperand.ConstantValue.HasValue)
        {
            return;
        }

        // a.Count == b.Count compares two sizes: a length check, not a pass count.
        var left = SizedCollection(binary.LeftOperand);
        var right = SizedCollection(binary.RightOperand);
        if (left is not null && right is null)
        {
            Check(context, symbols, binary, left, "==");
        }
        else if (right is not null && left is null)
        {
            Check(context, symbols, binary, right, "==");
        }
    }

    private static IOperation? SizedCollection(IOperation side) => DataRoles.Unwrap(side) switch
    {
        IPropertyReferenceOperation { Property.Name: "Count" or "Length" } property => property.Instance,
        IInvocationOperation { TargetMethod.Name: "Count", Arguments.Length: 1 } count => count.Arguments[0].Value,
        _ => null,
    };

    private static void Check(OperationAnalysisContext context, RewardSymbols symbols, IOperation site, IOperation collectionOperation, string what)
    {
        // if (items.All(unchanged)) return Reward.Wrong(...): an empty collection fails closed there.
        if (RewardValues.TrueBranchFails(site, symbols))
        {
            return;
        }

        var unwrapped = DataRoles.Unwrap(collectionOperation) ?? collectionOperation;
        var collection = CollectionGuards.Symbol(unwrapped);
        if (collection is null
            || unwrapped.Type?.SpecialType == SpecialType.System_String
            || CollectionGuards.IsSizeChecked(site, collection))
        {
            return;
        }

        var properties = System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty
            .Add(CollectionKey, unwrapped.Syntax.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1005_VacuousPassOnEmpty, site.Syntax.GetLocation(), properties, what, collection.Name));
    }
}
