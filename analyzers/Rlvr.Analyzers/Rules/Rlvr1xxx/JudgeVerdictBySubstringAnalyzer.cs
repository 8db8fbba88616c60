using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>
/// RLVR1002: a judge model's reply searched for "yes"/"correct"/"pass" instead of parsing a verdict; or the
/// completion itself searched for such a word, a verdict the model can simply write.
/// </summary>
internal sealed class JudgeVerdictBySubstringAnalyzer : RewardAnalyzer
{
    private static readonly ImmutableHashSet<string> VerdictWords = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "yes", "no", "correct", "incorrect", "pass", "passed", "fail", "failed", "true", "false", "right", "wrong",
        "accept", "accepted", "reject", "rejected", "valid", "invalid", "verdict", "rating", "score", "grade", "equivalent");

    private static readonly string[] JudgeNameParts = ["judge", "verdict", "grader", "critic", "critique", "evaluator", "rating"];

    public JudgeVerdictBySubstringAnalyzer()
        : base(Descriptors.RLVR1002_JudgeVerdictBySubstring)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        IOperation? searched;
        string? needle;
        if (method.ContainingType?.SpecialType == SpecialType.System_String && !method.IsStatic
            && method.Name is "Contains" or "IndexOf"
            && invocation.Arguments.Length > 0)
        {
            searched = invocation.Instance;
            needle = invocation.Arguments[0].Value.ConstantValue.Value as string;
            if (needle is null || !IsVerdictWord(needle))
            {
                return;
            }
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Regex) && method.IsStatic
            && method.Name is "IsMatch" or "Match" && invocation.Arguments.Length >= 2)
        {
            searched = invocation.Arguments[0].Value;
            needle = invocation.Arguments[1].Value.ConstantValue.Value as string;
            if (needle is null || IsAnchoredAtLineStart(needle) || !needle.Split(new[] { ' ', '|', '(', ')', ':', '\\', '?', '*', '+', '.', '[', ']' }, StringSplitOptions.RemoveEmptyEntries).Any(IsVerdictWord))
            {
                return;
            }
        }
        else
        {
            return;
        }

        if (IsJudgeReply(searched, 0))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RLVR1002_JudgeVerdictBySubstring,
                invocation.Syntax.GetLocation(),
                $"The judge's verdict is found by searching its reply for \"{needle}\"; parse one anchored verdict (the last one) and treat an unparseable reply as an infrastructure error"));
        }
        else if (DataRoles.IsCompletionDerived(searched, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RLVR1002_JudgeVerdictBySubstring,
                invocation.Syntax.GetLocation(),
                $"The completion itself is searched for \"{needle}\", a verdict the model can simply write; decide from the extracted answer or a judge's parsed verdict"));
        }
    }

    private static bool IsVerdictWord(string text)
    {
        string trimmed = text.Trim().Trim(':', '.', '!', '"', '\'', '*', '[', ']').Trim();
        return VerdictWords.Contains(trimmed)
            || (trimmed.IndexOf(':') > 0 && VerdictWords.Contains(trimmed.Substring(0, trimmed.IndexOf(':')).Trim()));
    }

    private static bool IsAnchoredAtLineStart(string pattern) =>
        pattern.StartsWith("^", StringComparison.Ordinal) || pattern.StartsWith("\\A", StringComparison.Ordinal)
        || pattern.StartsWith("(?m)^", StringComparison.Ordinal);

    private static bool IsJudgeName(string name) =>
        JudgeNameParts.Any(part => name.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0);

    // A judge reply: a value whose source (local, parameter, member or the call that produced it) is named for a judge.
    private static bool IsJudgeReply(IOperation? operation, int depth)
    {
        operation = DataRoles.Unwrap(operation);
        if (operation is null || depth > 6)
        {
            return false;
        }

        return operation switch
        {
            ILocalReferenceOperation local => IsJudgeName(local.Local.Name) || DataRoles.AssignedValues(local).Any(v => IsJudgeReply(v, depth + 1)),
            IParameterReferenceOperation parameter => IsJudgeName(parameter.Parameter.Name),
            IPropertyReferenceOperation property => IsJudgeName(property.Property.Name) || IsJudgeReply(property.Instance, depth + 1),
            IFieldReferenceOperation field => IsJudgeName(field.Field.Name) || IsJudgeReply(field.Instance, depth + 1),
            IInvocationOperation call => IsJudgeName(call.TargetMethod.Name) || IsJudgeReply(call.Instance, depth + 1),
            IAwaitOperation awaited => IsJudgeReply(awaited.Operation, depth + 1),
            _ => false,
        };
    }
}
