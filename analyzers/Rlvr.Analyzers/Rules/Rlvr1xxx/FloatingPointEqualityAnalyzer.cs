using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1014: <c>==</c>/<c>!=</c>/<c>Equals</c> on double or float values in reward code.</summary>
internal sealed class FloatingPointEqualityAnalyzer : RewardAnalyzer
{
    public FloatingPointEqualityAnalyzer()
        : base(Descriptors.RLVR1014_FloatingPointEquality)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        RegisterRewardOperation(context, reward, AnalyzeBinary, OperationKind.Binary);
        RegisterRewardOperation(context, reward, AnalyzeEquals, OperationKind.Invocation);
    }

    private static void AnalyzeBinary(OperationAnalysisContext context)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
            && IsFloating(binary.LeftOperand.Type) && IsFloating(binary.RightOperand.Type)
            && IsComputed(binary.LeftOperand) && IsComputed(binary.RightOperand)
            && !IsDeliberate(context, binary))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1014_FloatingPointEquality, binary.Syntax.GetLocation(), binary.OperatorKind == BinaryOperatorKind.Equals ? "==" : "!="));
        }
    }

    private static void AnalyzeEquals(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name == "Equals"
            && invocation.Arguments.Length == 1
            && invocation.Instance is { } instance
            && IsFloating(instance.Type)
            && IsFloating(DataRoles.Unwrap(invocation.Arguments[0].Value)?.Type)
            && IsComputed(instance) && IsComputed(invocation.Arguments[0].Value)
            && !IsDeliberate(context, invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR1014_FloatingPointEquality, invocation.Syntax.GetLocation(), "Equals"));
        }
    }

    // Exact comparison is deliberate in a method that defines equality (FloatsEqual, AreEqual) and as the
    // fast path of a method that also compares with a tolerance (Math.Abs(a - b) <= tol).
    private static bool IsDeliberate(OperationAnalysisContext context, IOperation comparison) =>
        context.ContainingSymbol.Name.IndexOf("Equal", System.StringComparison.Ordinal) >= 0
        || DataRoles.Root(comparison).Descendants().Any(o => o is IInvocationOperation { TargetMethod.Name: "Abs", TargetMethod.ContainingType.Name: "Math" });

    private static bool IsFloating(ITypeSymbol? type) =>
        type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    // Comparing with 0 (a division guard) or a whole-number count is exact; so are constants against each other.
    private static bool IsComputed(IOperation operation)
    {
        var unwrapped = DataRoles.Unwrap(operation) ?? operation;

        // x == Math.Floor(x) asks whether x is whole, which is exact; Math.Round(x, 2) is not whole, and two
        // values rounded to decimals still differ in their last bits (0.1 + 0.2 rounded is not 0.3 rounded).
        if (unwrapped is IInvocationOperation { TargetMethod.Name: "Floor" or "Ceiling" or "Round" or "Truncate" } rounding
            && !rounding.Arguments.Skip(1).Any(a => a.Value.Type?.SpecialType == SpecialType.System_Int32))
        {
            return false;
        }

        if (RewardValues.TryGetNumber(unwrapped, out double number))
        {
            return number != 0 && !double.IsNaN(number) && !double.IsInfinity(number);
        }

        return IsFloating(unwrapped.Type);
    }
}
