using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1007: <c>m.Success ? m.Groups[1].Value : text</c>, <c>?? completion</c>, <c>Split(d)[^1]</c> without checking <c>d</c>.</summary>
internal sealed class ExtractorFallsBackToCompletionAnalyzer : RewardAnalyzer
{
    public ExtractorFallsBackToCompletionAnalyzer()
        : base(Descriptors.RLVR1007_ExtractorFallsBackToCompletion)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        var symbols = reward.Symbols;
        RegisterRewardOperation(context, reward, c => AnalyzeConditional(c, symbols), OperationKind.Conditional);
        RegisterRewardOperation(context, reward, c => AnalyzeCoalesce(c, symbols), OperationKind.Coalesce);
        RegisterRewardOperation(context, reward, c => AnalyzeSwitch(c, symbols), OperationKind.SwitchExpression);
        RegisterRewardOperation(context, reward, c => AnalyzeLastPiece(c, symbols), OperationKind.ArrayElementReference, OperationKind.Invocation);
    }

    private static void AnalyzeConditional(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var conditional = (IConditionalOperation)context.Operation;
        if (conditional.WhenFalse is null || conditional.Type?.SpecialType != SpecialType.System_String || !ChecksForAMatch(conditional.Condition, symbols))
        {
            return;
        }

        foreach (var (raw, other) in new[] { (conditional.WhenFalse, conditional.WhenTrue), (conditional.WhenTrue, conditional.WhenFalse) })
        {
            if (IsRawCompletion(raw, symbols) && !IsRawCompletion(other, symbols) && other.ConstantValue is not { HasValue: true } && !IsBuiltAround(other))
            {
                Report(context, raw, "the conditional");
                return;
            }
        }
    }

    // m.Success switch { true => m.Groups[1].Value, false => text }: the conditional written as a switch.
    private static void AnalyzeSwitch(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var switchExpression = (ISwitchExpressionOperation)context.Operation;
        if (switchExpression.Type?.SpecialType != SpecialType.System_String || !ChecksForAMatch(switchExpression.Value, symbols))
        {
            return;
        }

        var raw = switchExpression.Arms.Where(a => IsRawCompletion(a.Value, symbols)).ToList();
        if (raw.Count == 1 && switchExpression.Arms.Any(a => !IsRawCompletion(a.Value, symbols) && a.Value.ConstantValue is not { HasValue: true } && !IsBuiltAround(a.Value)))
        {
            Report(context, raw[0].Value, "the switch");
        }
    }

    private static void AnalyzeCoalesce(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var coalesce = (ICoalesceOperation)context.Operation;
        if (coalesce.Type?.SpecialType == SpecialType.System_String
            && IsRawCompletion(coalesce.WhenNull, symbols)
            && !IsRawCompletion(coalesce.Value, symbols))
        {
            Report(context, coalesce.WhenNull, "'??'");
        }
    }

    // text.Split(d)[^1] or .Last(): the whole text when d does not occur.
    private static void AnalyzeLastPiece(OperationAnalysisContext context, RewardSymbols symbols)
    {
        IInvocationOperation? split = context.Operation switch
        {
            IArrayElementReferenceOperation { Indices.Length: 1 } element when IsFromEndOne(element.Indices[0]) => DataRoles.Unwrap(element.ArrayReference) as IInvocationOperation,
            IInvocationOperation { TargetMethod.Name: "Last" or "LastOrDefault", Arguments.Length: 1 } last => DataRoles.Unwrap(last.Arguments[0].Value) as IInvocationOperation,
            _ => null,
        };
        if (split is not { TargetMethod.Name: "Split", Instance: { } text, Arguments.Length: > 0 }
            || split.TargetMethod.ContainingType?.SpecialType != SpecialType.System_String
            || !DataRoles.IsCompletionDerived(text, symbols))
        {
            return;
        }

        var delimiter = split.Arguments[0].Value.ConstantValue;
        if (!delimiter.HasValue || DelimiterIsChecked(context.Operation, delimiter.Value))
        {
            return;
        }

        Report(context, context.Operation, "Split(...) taking the last piece");
    }

    private static bool IsFromEndOne(IOperation index) =>
        DataRoles.Unwrap(index) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat && RewardValues.IsConstant(hat.Operand, 1);

    private static bool DelimiterIsChecked(IOperation site, object? delimiter) =>
        DataRoles.Root(site).Descendants().OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name is "Contains" or "IndexOf" or "LastIndexOf"
            && call.Arguments.Length > 0
            && Equals(call.Arguments[0].Value.ConstantValue.Value, delimiter));

    // A condition that asks whether something was found in the completion: m.Success, x.IsFound, x is null,
    // x != null, IndexOf(...) >= 0, where the tested value comes from the completion. A length check
    // (s.Length <= 200 ? s : s[..200]) or a test of problem data is not a match test.
    private static bool ChecksForAMatch(IOperation condition, RewardSymbols symbols) =>
        condition.DescendantsAndSelf().Any(o => o switch
        {
            IPropertyReferenceOperation { Property.Name: "Success" or "IsFound" or "HasValue", Instance: { } found } => DataRoles.IsCompletionDerived(found, symbols),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } pattern => DataRoles.IsCompletionDerived(pattern.Value, symbols),
            IBinaryOperation binary => (IsNullOrIndex(binary.LeftOperand) || IsNullOrIndex(binary.RightOperand))
                && (DataRoles.IsCompletionDerived(binary.LeftOperand, symbols) || DataRoles.IsCompletionDerived(binary.RightOperand, symbols)),
            _ => false,
        });

    private static bool IsNullOrIndex(IOperation operand) => DataRoles.Unwrap(operand) switch
    {
        IInvocationOperation { TargetMethod.Name: "IndexOf" or "LastIndexOf" or "IndexOfAny" or "LastIndexOfAny" } => true,
        { ConstantValue: { HasValue: true, Value: null } } => true,

        // int at = text.LastIndexOf(marker); ... at < 0 ? text : text[at..]
        ILocalReferenceOperation { Type.SpecialType: SpecialType.System_Int32 } local => DataRoles.AssignedValues(local).Any(IsNullOrIndex),
        _ => false,
    };

    // Text built around the completion (an interpolation or concatenation) is a wrapper, not an extraction.
    private static bool IsBuiltAround(IOperation operation) =>
        DataRoles.Unwrap(operation) is IInterpolatedStringOperation or IBinaryOperation { OperatorKind: BinaryOperatorKind.Add };

    // The completion itself (a parameter, local or Completion.Text), trimmed at most: not something extracted from it.
    private static bool IsRawCompletion(IOperation? operation, RewardSymbols symbols)
    {
        operation = DataRoles.Unwrap(operation);
        while (WholeText(operation, symbols) is { } whole)
        {
            operation = DataRoles.Unwrap(whole);
        }

        return operation switch
        {
            IParameterReferenceOperation or IPropertyReferenceOperation { Property.Name: "Text" } => DataRoles.IsCompletionDerived(operation, symbols),
            ILocalReferenceOperation local => DataRoles.AssignedValues(local).All(v => IsRawCompletion(v, symbols)) && DataRoles.IsCompletionDerived(local, symbols),
            _ => false,
        };
    }

    // The text a whole-text transform keeps whole: trimmed, case-mapped, normalised, or with the thinking block
    // stripped (AnswerExtractor.StripThinking) is still the whole completion, not something extracted from it.
    private static IOperation? WholeText(IOperation? operation, RewardSymbols symbols) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "Trim" or "TrimEnd" or "TrimStart" or "ToString" or "ToLowerInvariant" or "ToUpperInvariant" or "ToLower" or "ToUpper" or "Normalize", Instance: { } instance } => instance,
        IInvocationOperation { TargetMethod.Name: "StripThinking", Arguments.Length: 1 } strip
            when SymbolEqualityComparer.Default.Equals(strip.TargetMethod.ContainingType, symbols.AnswerExtractor) => strip.Arguments[0].Value,
        _ => null,
    };

    private static void Report(OperationAnalysisContext context, IOperation at, string how) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1007_ExtractorFallsBackToCompletion, at.Syntax.GetLocation(), how));
}
