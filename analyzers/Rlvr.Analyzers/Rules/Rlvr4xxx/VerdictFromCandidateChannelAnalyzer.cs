using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr4xxx;

/// <summary>
/// RLVR4003: text from a sandbox run's stdout or stderr searched for (or compared with) a verdict word such as
/// "PASSED", "OK" or "All tests passed". Comparing that output with the problem's expected output is not reported.
/// </summary>
internal sealed class VerdictFromCandidateChannelAnalyzer : RewardAnalyzer
{
    private const int MaxDepth = 6;

    private static readonly ImmutableArray<string> VerdictWords = ImmutableArray.Create(
        "pass", "ok", "success", "succeeded", "correct", "accepted", "all tests", "fail", "incorrect", "wrong");

    private static readonly ImmutableHashSet<string> SearchMethods = ImmutableHashSet.Create(
        "Contains", "StartsWith", "EndsWith", "Equals", "IndexOf", "LastIndexOf", "IsMatch", "Match", "Matches", "Count");

    public VerdictFromCandidateChannelAnalyzer()
        : base(Descriptors.RLVR4003_VerdictFromCandidateChannel)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward)
    {
        if (reward.Symbols.ExecResult is not { } result)
        {
            return;
        }

        RegisterRewardOperation(context, reward, c => AnalyzeInvocation(c, result), OperationKind.Invocation);
        RegisterRewardOperation(context, reward, c => AnalyzeEquality(c, result), OperationKind.Binary);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol result)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!SearchMethods.Contains(invocation.TargetMethod.Name))
        {
            return;
        }

        var operands = invocation.Arguments.Select(a => a.Value).ToList();
        if (invocation.Instance is not null)
        {
            operands.Add(invocation.Instance);
        }

        Check(context, operands, result);
    }

    private static void AnalyzeEquality(OperationAnalysisContext context, INamedTypeSymbol result)
    {
        var binary = (IBinaryOperation)context.Operation;
        if (binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
            && binary.LeftOperand.Type?.SpecialType == SpecialType.System_String)
        {
            Check(context, new List<IOperation> { binary.LeftOperand, binary.RightOperand }, result);
        }
    }

    private static void Check(OperationAnalysisContext context, List<IOperation> operands, INamedTypeSymbol result)
    {
        string? word = operands.Select(VerdictWord).FirstOrDefault(w => w is not null);
        if (word is not null && operands.Any(o => FromSandboxOutput(o, result, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default))))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR4003_VerdictFromCandidateChannel, context.Operation.Syntax.GetLocation(), word));
        }
    }

    // A short constant whose words include a verdict ("PASSED", "ok", "All tests passed"), not arbitrary text.
    private static string? VerdictWord(IOperation operation)
    {
        if (operation.ConstantValue is not { HasValue: true, Value: string text } || text.Length == 0 || text.Length > 40)
        {
            return null;
        }

        string lower = text.ToLowerInvariant();
        var words = new string(lower.Select(ch => char.IsLetter(ch) ? ch : ' ').ToArray())
            .Split(new[] { ' ' }, System.StringSplitOptions.RemoveEmptyEntries);
        bool verdict = VerdictWords.Any(v => v.Contains(' ')
            ? lower.Contains(v)
            : words.Any(w => w == v || (w.StartsWith(v, System.StringComparison.Ordinal) && w.Length <= v.Length + 2)));
        return verdict ? text : null;
    }

    private static bool FromSandboxOutput(IOperation? operation, INamedTypeSymbol result, int depth, HashSet<ILocalSymbol> seen)
    {
        operation = DataRoles.Unwrap(operation);
        if (operation is null || depth > MaxDepth)
        {
            return false;
        }

        bool Next(IOperation? child) => FromSandboxOutput(child, result, depth + 1, seen);

        switch (operation)
        {
            case IPropertyReferenceOperation property:
                return (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, result)
                        && property.Property.Name is "Stdout" or "Stderr" or "StdoutText" or "StderrText")
                    || (property.Instance is not null && property.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Char && Next(property.Instance));
            case ILocalReferenceOperation local:
                return seen.Add(local.Local) && DataRoles.AssignedValues(local).Any(Next);
            case IInvocationOperation invocation when invocation.Type?.SpecialType != SpecialType.System_Boolean:
                return (invocation.Instance is not null && Next(invocation.Instance)) || invocation.Arguments.Any(a => Next(a.Value));
            case IArrayElementReferenceOperation element:
                return Next(element.ArrayReference);
            default:
                return false;
        }
    }
}
