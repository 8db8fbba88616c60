using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>
/// RLVR1016: string equality against a formatted number; <c>TrimEnd('0')</c> on an answer; <c>Replace(",", "")</c>
/// on completion-derived text (joins separate numbers).
/// </summary>
internal sealed class NumberComparedAsTextAnalyzer : RewardAnalyzer
{
    public NumberComparedAsTextAnalyzer()
        : base(Descriptors.RLVR1016_NumberComparedAsText)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        RegisterRewardOperation(context, reward, AnalyzeBinary, OperationKind.Binary);
        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, reward.Symbols), OperationKind.Invocation);
    }

    private static void AnalyzeBinary(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
            && binary.LeftOperand.Type?.SpecialType == SpecialType.System_String
            && binary.RightOperand.Type?.SpecialType == SpecialType.System_String
            && (FormattedNumber(binary.LeftOperand) ?? FormattedNumber(binary.RightOperand)) is { } number)
        {
            Report(context, binary, $"The number '{number}' is compared as text");
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (IsCommaRemoval(invocation) && DataRoles.IsCompletionDerived(invocation.Instance, symbols))
        {
            Report(context, invocation, "Replace(\",\", \"\") joins separate numbers (\"1,2\" becomes \"12\"); remove only thousands separators (AnswerExtractor.StripThousandsSeparators)");
            return;
        }

        if (method.Name == "Equals" && method.ContainingType?.SpecialType == SpecialType.System_String)
        {
            var sides = invocation.Arguments.Select(a => a.Value).Where(v => v.Type?.SpecialType == SpecialType.System_String);
            if (invocation.Instance is not null)
            {
                sides = sides.Append(invocation.Instance);
            }

            if (sides.Select(FormattedNumber).FirstOrDefault(n => n is not null) is { } number)
            {
                Report(context, invocation, $"The number '{number}' is compared as text");
            }

            return;
        }

        if (method.Name == "TrimEnd"
            && method.ContainingType?.SpecialType == SpecialType.System_String
            && invocation.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).Any(v => v.ConstantValue.Value is '0' or "0")
            && !ChecksForDecimalPoint(invocation))
        {
            Report(context, invocation, "TrimEnd('0') also strips the zeros of whole numbers (\"10\" becomes \"1\")");
        }
    }

    // text.Replace(",", "") or text.Replace(",", string.Empty[, comparison]).
    private static bool IsCommaRemoval(IInvocationOperation invocation) =>
        invocation is { TargetMethod: { Name: "Replace", ContainingType.SpecialType: SpecialType.System_String }, Instance: not null, Arguments.Length: >= 2 }
        && invocation.Arguments[0].Value.ConstantValue.Value is ","
        && (invocation.Arguments[1].Value.ConstantValue.Value is ""
            || DataRoles.Unwrap(invocation.Arguments[1].Value) is IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } });

    // x.ToString(...) where x is a number: the reference was numeric and is now compared character by character.
    // Followed through a local that holds the formatted text (string expected = answer.ToString("0.00", ...)).
    private static string? FormattedNumber(IOperation operation) => DataRoles.Unwrap(operation) switch
    {
        IInvocationOperation { TargetMethod.Name: "ToString", Instance: { } instance } when IsNumber(instance.Type) => instance.Syntax.ToString(),
        ILocalReferenceOperation local when DataRoles.SingleAssignedValue(local) is { } only => FormattedNumber(only),
        _ => null,
    };

    private static bool IsNumber(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        or SpecialType.System_Double or SpecialType.System_Single or SpecialType.System_Decimal;

    // Trimming zeros after checking for a decimal point is a correct normalisation ("1.50" to "1.5").
    private static bool ChecksForDecimalPoint(IOperation site) =>
        DataRoles.Root(site).Descendants().OfType<IInvocationOperation>().Any(call =>
            call.TargetMethod.Name is "Contains" or "IndexOf" or "LastIndexOf"
            && call.Arguments.Length > 0
            && call.Arguments[0].Value.ConstantValue.Value is '.' or ".");

    private static void Report(OperationAnalysisContext context, IOperation at, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1016_NumberComparedAsText, at.Syntax.GetLocation(), message));
}
