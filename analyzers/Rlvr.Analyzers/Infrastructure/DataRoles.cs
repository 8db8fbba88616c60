using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.Infrastructure;

/// <summary>
/// Where a value comes from: the model's completion, the reference (gold) answer, or the prompt.
/// SDK types and attributes decide first (<c>Completion</c>, <c>[Reference]</c>); names second. The
/// tracking is local and shallow on purpose: a few hops through locals, string operations and
/// invocations, which is where reward bugs live, at a cost that stays flat on large methods.
/// </summary>
internal static class DataRoles
{
    private const int MaxDepth = 8;

    private static readonly ImmutableHashSet<string> CompletionNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "completion", "response", "output", "prediction", "predicted", "generation", "generated", "candidate",
        "modelOutput", "model_output", "reply", "completionText", "responseText", "outputText");

    private static readonly ImmutableHashSet<string> ReferenceNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "expected", "expectedAnswer", "expectedOutput", "gold", "goldAnswer", "reference", "referenceAnswer",
        "groundTruth", "ground_truth", "truth", "target", "label", "correct", "correctAnswer", "answerKey",
        "solution", "referenceSolution");

    // Members of a problem that hold the reference answer (problem.Answer), not the model's answer.
    private static readonly ImmutableHashSet<string> ReferenceMemberNames = ReferenceNames.Union(
        new[] { "Answer", "FinalAnswer", "Expected", "ExpectedResult" });

    private static readonly ImmutableHashSet<string> PromptNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "prompt", "question", "instruction", "instructions", "query", "problemText", "promptText");

    /// <summary>True when the value is (derived from) the model's completion.</summary>
    public static bool IsCompletionDerived(IOperation? operation, RewardSymbols symbols) =>
        Trace(operation, symbols, Role.Completion, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

    /// <summary>True when the value is (derived from) the reference answer and not from the completion.</summary>
    public static bool IsReferenceDerived(IOperation? operation, RewardSymbols symbols) =>
        !IsCompletionDerived(operation, symbols)
        && Trace(operation, symbols, Role.Reference, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

    /// <summary>True when the value is (derived from) the prompt text.</summary>
    public static bool IsPromptDerived(IOperation? operation, RewardSymbols symbols) =>
        Trace(operation, symbols, Role.Prompt, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

    /// <summary>True for a member that holds the reference answer: marked [Reference], or named like one (Answer, Expected, Gold...).</summary>
    public static bool IsReferenceMember(ISymbol member, RewardSymbols symbols) =>
        symbols.HasReferenceAttribute(member) || ReferenceMemberNames.Contains(member.Name);

    /// <summary>
    /// True for a member name built on a reference word (<c>ExpectedOutputs</c>, <c>GoldAnswers</c>, <c>HiddenTests</c>,
    /// <c>ReferenceSolution</c>), other than one that only describes it (<c>AnswerFormat</c>, <c>ExpectedCount</c>).
    /// </summary>
    public static bool IsReferenceLikeName(string name)
    {
        foreach (string prefix in ReferencePrefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(name[prefix.Length]))
            {
                return !DescriptiveSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));
            }
        }

        return false;
    }

    private static readonly string[] ReferencePrefixes = ["Expected", "Gold", "Reference", "Correct", "Hidden", "GroundTruth", "Solution", "Answer"];

    private static readonly string[] DescriptiveSuffixes = ["Format", "Kind", "Type", "Style", "Count", "Length", "Prefix", "Suffix", "Pattern", "Regex", "Template", "Instructions"];

    /// <summary>Strips conversions and parentheses.</summary>
    public static IOperation? Unwrap(IOperation? operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The one value a local is ever given (its initializer, when it is never reassigned), or null.</summary>
    public static IOperation? SingleAssignedValue(ILocalReferenceOperation reference)
    {
        IOperation? only = null;
        foreach (var value in AssignedValues(reference))
        {
            if (only is not null)
            {
                return null;
            }

            only = value;
        }

        return only;
    }

    /// <summary>The values assigned to a local in its method: its initializer and every assignment.</summary>
    public static IEnumerable<IOperation> AssignedValues(ILocalReferenceOperation reference) => Flows(reference, filling: false);

    private static IEnumerable<IOperation> Flows(ILocalReferenceOperation reference, bool filling)
    {
        var root = Root(reference);
        foreach (var node in root.DescendantsAndSelf())
        {
            switch (node)
            {
                case IVariableDeclaratorOperation declarator
                    when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) && declarator.Initializer is not null:
                    yield return declarator.Initializer.Value;
                    break;
                case IAssignmentOperation assignment
                    when assignment.Target is ILocalReferenceOperation target
                        && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local)
                        && !ReferenceEquals(assignment.Target, reference):
                    yield return assignment.Value;
                    break;
                case IDeclarationExpressionOperation or ILocalReferenceOperation { IsDeclaration: true }:
                    // out var x: the value comes from the invocation that declares it.
                    if (node is ILocalReferenceOperation { IsDeclaration: true } declared
                        && SymbolEqualityComparer.Default.Equals(declared.Local, reference.Local)
                        && FindInvocation(node) is { } call)
                    {
                        yield return call;
                    }

                    break;
                case IForEachLoopOperation loop
                    when loop.LoopControlVariable is IVariableDeclaratorOperation control
                        && SymbolEqualityComparer.Default.Equals(control.Symbol, reference.Local):
                    yield return loop.Collection;
                    break;
                case IInvocationOperation { Instance: ILocalReferenceOperation filled } fill
                    when filling
                        && SymbolEqualityComparer.Default.Equals(filled.Local, reference.Local)
                        && IsFilling(fill.TargetMethod.Name):
                    foreach (var argument in fill.Arguments)
                    {
                        yield return argument.Value;
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The collection a lambda's element parameter ranges over: <c>xs</c> for <c>a</c> in <c>xs.Any(a =&gt; ...)</c>,
    /// <c>list.Exists(a =&gt; ...)</c> or <c>Array.TrueForAll(xs, a =&gt; ...)</c>; null for any other parameter.
    /// </summary>
    public static IOperation? ElementSource(IParameterReferenceOperation reference)
    {
        if (reference.Parameter is not { Ordinal: 0, ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda })
        {
            return null;
        }

        for (var node = reference.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                var argument = function.Parent is IDelegateCreationOperation creation ? creation.Parent : function.Parent;
                if (argument is not IArgumentOperation { Parent: IInvocationOperation call } passed || ReferenceEquals(call.Arguments[0], passed) && call.Instance is null)
                {
                    return null;
                }

                // An extension method (Enumerable) or a static helper takes the collection first; List<T> and
                // ImmutableArray<T> methods are called on it.
                var source = call.Instance ?? call.Arguments[0].Value;
                return IsSequence(source.Type) ? source : null;
            }
        }

        return null;
    }

    private static bool IsSequence(ITypeSymbol? type) =>
        type is IArrayTypeSymbol
        || (type is not null && type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    /// <summary>
    /// Everything that flows into a local: its assigned values (<see cref="AssignedValues"/>), and for a builder or a
    /// collection the arguments of the calls that fill it (<c>sb.Append(x)</c>, <c>parts.Add(x)</c>) and its
    /// collection initializer's elements. One walk of the method.
    /// </summary>
    public static IEnumerable<IOperation> Contributions(ILocalReferenceOperation reference) =>
        Flows(reference, filling: true).SelectMany(Elements);

    /// <summary>
    /// The elements of an array creation, a collection expression or a collection initializer (<c>new List&lt;string&gt; { a, b }</c>),
    /// or the value itself.
    /// </summary>
    public static IEnumerable<IOperation> Elements(IOperation value)
    {
        var unwrapped = Unwrap(value) ?? value;
        switch (unwrapped)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues;
            case ICollectionExpressionOperation collection:
                return collection.Elements;
            case IObjectCreationOperation { Initializer: { } initializer } creation:
                return creation.Arguments.Select(a => a.Value).Concat(initializer.Initializers
                    .SelectMany(i => i is IInvocationOperation add ? add.Arguments.Select(a => a.Value) : [i]));
            default:
                return [value];
        }
    }

    private static bool IsFilling(string name) =>
        name.StartsWith("Append", StringComparison.Ordinal) || name.StartsWith("Insert", StringComparison.Ordinal)
        || name.StartsWith("Add", StringComparison.Ordinal) || name is "Push" or "Enqueue";

    /// <summary>The outermost operation of the method or lambda body that holds <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    private static IOperation? FindInvocation(IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IInvocationOperation)
            {
                return node;
            }
        }

        return null;
    }

    private static bool Trace(IOperation? operation, RewardSymbols symbols, Role role, int depth, HashSet<ILocalSymbol> seen)
    {
        operation = Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        bool Next(IOperation? child) => Trace(child, symbols, role, depth + 1, seen);

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return IsRoleSymbol(parameter.Parameter, parameter.Parameter.Type, symbols, role, member: false)
                    || (ElementSource(parameter) is { } source && Next(source));
            case ILocalReferenceOperation local:
                if (role != Role.Completion && NameMatches(local.Local.Name, role, member: false))
                {
                    return true;
                }

                return seen.Add(local.Local) && Contributions(local).Any(Next);
            case IPropertyReferenceOperation property:
                return IsRoleSymbol(property.Property, property.Type, symbols, role, member: true)
                    || (role != Role.Prompt && RewardSymbols.RecordParameter(property.Property) is { } positional
                        && (role == Role.Completion ? symbols.IsCompletionParameter(positional) : symbols.IsReferenceParameter(positional)))
                    || (property.Instance is not null && !IsBoundary(property.Type, symbols) && Next(property.Instance))
                    || property.Arguments.Any(a => Next(a.Value));
            case IFieldReferenceOperation field:
                return IsRoleSymbol(field.Field, field.Type, symbols, role, member: true)
                    || (field.Instance is not null && !IsBoundary(field.Type, symbols) && Next(field.Instance));
            case IInvocationOperation prompt when role == Role.Prompt && prompt.TargetMethod.Name.IndexOf("Prompt", StringComparison.Ordinal) >= 0:
                return true;
            case IInvocationOperation invocation:
                if (invocation.Type is null || invocation.Type.SpecialType == SpecialType.System_Boolean || symbols.IsReward(invocation.Type))
                {
                    return false;
                }

                return (invocation.Instance is not null && Next(invocation.Instance))
                    || invocation.Arguments.Any(a => a.Parameter?.RefKind != RefKind.Out && Next(a.Value));
            case IArrayElementReferenceOperation element:
                return Next(element.ArrayReference);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.OfType<IInterpolationOperation>().Any(p => Next(p.Expression));
            case IBinaryOperation binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Next(binary.LeftOperand) || Next(binary.RightOperand);
            case IConditionalOperation conditional:
                return Next(conditional.WhenTrue) || Next(conditional.WhenFalse);
            case ICoalesceOperation coalesce:
                return Next(coalesce.Value) || Next(coalesce.WhenNull);
            case IConditionalAccessOperation access:
                return Next(access.Operation) || Next(access.WhenNotNull);
            case IConditionalAccessInstanceOperation instance:
                return instance.Parent is IConditionalAccessOperation parent && Next(parent.Operation);
            case IAwaitOperation awaited:
                return Next(awaited.Operation);
            case IObjectCreationOperation creation:
                return creation.Arguments.Any(a => Next(a.Value));
            default:
                return false;
        }
    }

    // Properties of these types (Reward.Value, context members) do not carry the completion's text onwards.
    private static bool IsBoundary(ITypeSymbol? type, RewardSymbols symbols) =>
        type?.SpecialType == SpecialType.System_Boolean || symbols.IsReward(type);

    private static bool IsRoleSymbol(ISymbol symbol, ITypeSymbol? type, RewardSymbols symbols, Role role, bool member) => role switch
    {
        Role.Completion => symbols.IsCompletion(type)
            || (symbol is IParameterSymbol completionParameter && symbols.IsCompletionParameter(completionParameter))
            || (symbols.IsCompletion(symbol.ContainingType) && symbol.Name is "Text" or "Messages")
            || (!member && NameMatches(symbol.Name, role, member)),
        Role.Reference => symbols.HasReferenceAttribute(symbol)
            || (symbol is IParameterSymbol referenceParameter && symbols.IsReferenceParameter(referenceParameter))
            || NameMatches(symbol.Name, role, member),
        _ => NameMatches(symbol.Name, role, member),
    };

    private static bool NameMatches(string name, Role role, bool member) => role switch
    {
        Role.Completion => CompletionNames.Contains(name),
        Role.Reference => (member ? ReferenceMemberNames : ReferenceNames).Contains(name),
        _ => PromptNames.Contains(name),
    };

    private enum Role
    {
        Completion,
        Reference,
        Prompt,
    }
}
