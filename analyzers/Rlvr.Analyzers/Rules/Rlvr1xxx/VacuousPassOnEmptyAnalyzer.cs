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
        if (Quantifier(invocation) is not var (collection, universal) || collection is null)
        {
            return;
        }

        string name = invocation.TargetMethod.Name;

        // List<T>.TrueForAll/Exists are also used for bookkeeping (`if (!seen.Exists(...)) seen.Add(x)`): only a
        // result that decides a pass counts.
        var outer = invocation.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } negation ? (IOperation)negation : invocation;
        if (name is "TrueForAll" or "Exists" && (universal || outer != invocation) && !DecidesPass(outer, symbols))
        {
            return;
        }

        if (universal)
        {
            Check(context, symbols, invocation, collection, name);
        }
        else if (invocation.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            Check(context, symbols, not, collection, name);
        }
        else if (FailsWhenTrue(invocation, symbols))
        {
            // bool anyMismatch = xs.Any(...); return anyMismatch ? Wrong : Correct: no element, no mismatch, a pass.
            Check(context, symbols, invocation, collection, name);
        }
    }

    // The collection a predicate quantifier ranges over, and whether it is universal (All, TrueForAll) or
    // existential (Any, Exists): Enumerable.All/Any, List<T>.TrueForAll/Exists, Array.TrueForAll/Exists.
    private static (IOperation? Collection, bool Universal)? Quantifier(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        bool universal = method.Name is "All" or "TrueForAll";
        if (!universal && method.Name is not ("Any" or "Exists"))
        {
            return null;
        }

        if (method.IsExtensionMethod && method.ContainingType?.Name == "Enumerable" && method.Name is "All" or "Any" && invocation.Arguments.Length == 2)
        {
            return (invocation.Arguments[0].Value, universal);
        }

        if (method.Name is "TrueForAll" or "Exists")
        {
            return method.IsStatic
                ? (invocation.Arguments.Length == 2 && method.ContainingType?.SpecialType == SpecialType.System_Array ? invocation.Arguments[0].Value : null, universal)
                : (invocation.Arguments.Length == 1 ? invocation.Instance : null, universal);
        }

        return null;
    }

    // An existential result that decides a failure when true and a pass when false, directly or through a bool local.
    private static bool FailsWhenTrue(IOperation value, RewardSymbols symbols)
    {
        var parent = value.Parent;
        while (parent is IParenthesizedOperation)
        {
            value = parent;
            parent = parent.Parent;
        }

        if (parent is IConditionalOperation conditional && ReferenceEquals(conditional.Condition, value))
        {
            return FailsThenPasses(conditional, symbols);
        }

        if (parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return DataRoles.Root(value).Descendants().Any(o => o is IConditionalOperation { Condition: var condition } c
                && DataRoles.Unwrap(condition) is ILocalReferenceOperation local
                && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                && FailsThenPasses(c, symbols));
        }

        return false;
    }

    // A value that selects a pass when true: the condition of a conditional (or if) whose true branch passes,
    // directly, through !, && and parentheses, or through a bool local; or a returned verdict.
    private static bool DecidesPass(IOperation value, RewardSymbols symbols)
    {
        bool negated = false;
        var parent = value.Parent;
        while (parent is IParenthesizedOperation or IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd })
        {
            negated ^= parent is IUnaryOperation;
            value = parent;
            parent = parent.Parent;
        }

        switch (parent)
        {
            case IConditionalOperation conditional when ReferenceEquals(conditional.Condition, value):
                var branch = negated ? conditional.WhenFalse : conditional.WhenTrue;
                return branch is not null && Decides(branch, symbols, RewardValues.IsMaxReward);
            case IReturnOperation:
                return !negated;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when !negated:
                return DataRoles.Root(value).Descendants().Any(o => o is IConditionalOperation { Condition: var condition } c
                    && DataRoles.Unwrap(condition) is ILocalReferenceOperation local
                    && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                    && Decides(c.WhenTrue, symbols, RewardValues.IsMaxReward));
            default:
                return false;
        }
    }

    private static bool FailsThenPasses(IConditionalOperation conditional, RewardSymbols symbols) =>
        conditional.WhenFalse is not null
            ? Decides(conditional.WhenTrue, symbols, RewardValues.IsFailure) && Decides(conditional.WhenFalse, symbols, RewardValues.IsMaxReward)
            : Decides(conditional.WhenTrue, symbols, RewardValues.IsFailure)
                && DataRoles.Root(conditional).Descendants().Any(o => o is IReturnOperation r && RewardValues.IsMaxReward(r.ReturnedValue, symbols));

    private static bool Decides(IOperation branch, RewardSymbols symbols, System.Func<IOperation?, RewardSymbols, bool> test) =>
        test(branch, symbols) || branch.DescendantsAndSelf().OfType<IReturnOperation>().Any(r => test(r.ReturnedValue, symbols));

    // passed == tests.Count: both zero when there are no tests.
    private static void AnalyzeEquality(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind != BinaryOperatorKind.Equals)
        {
            return;
        }

        // failures == 0, where failures counts inside a loop over the tests: zero when there are no tests.
        if (RewardValues.IsConstant(binary.RightOperand, 0) || RewardValues.IsConstant(binary.LeftOperand, 0))
        {
            var counter = DataRoles.Unwrap(RewardValues.IsConstant(binary.RightOperand, 0) ? binary.LeftOperand : binary.RightOperand);
            if (counter is ILocalReferenceOperation local && CountedOver(local) is { } loopCollection && DecidesPass(binary, symbols))
            {
                Check(context, symbols, binary, loopCollection, "== 0");
            }

            return;
        }

        if (binary.LeftOperand.ConstantValue.HasValue || binary.RightOperand.ConstantValue.HasValue)
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

    // The collection of the foreach loop in which the counter is incremented (failures++, failures += ...).
    private static IOperation? CountedOver(ILocalReferenceOperation counter)
    {
        foreach (var node in DataRoles.Root(counter).Descendants())
        {
            var target = node switch
            {
                IIncrementOrDecrementOperation step => step.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                _ => null,
            };
            if (target is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, counter.Local))
            {
                for (var outer = node.Parent; outer is not null; outer = outer.Parent)
                {
                    if (outer is IForEachLoopOperation loop)
                    {
                        return loop.Collection;
                    }
                }
            }
        }

        return null;
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
