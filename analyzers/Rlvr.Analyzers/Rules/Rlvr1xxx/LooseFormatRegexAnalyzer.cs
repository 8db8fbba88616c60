using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr1xxx;

/// <summary>RLVR1012: '.' between tags without Singleline; IsMatch of a tag format without \A...\z anchors.</summary>
internal sealed class LooseFormatRegexAnalyzer : RewardAnalyzer
{
    /// <summary>Property key telling the code fix which problem was found.</summary>
    public const string ProblemKey = "Problem";

    /// <summary>'.' between tags without Singleline: fixable by adding the option.</summary>
    public const string DotWithoutSingleline = "Singleline";

    private const int SinglelineFlag = 16;

    public LooseFormatRegexAnalyzer()
        : base(Descriptors.RLVR1012_LooseFormatRegex)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.Invocation, OperationKind.ObjectCreation);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var call = RegexCall.From(context.Operation, symbols);
        if (call is not null)
        {
            if (call.PatternText is { } pattern && !call.HasUnknownOptions)
            {
                Check(context, symbols, pattern, call.HasOption(SinglelineFlag, 's'), call.Name, call.Input, call.Pattern.Syntax, fixable: true);
            }

            return;
        }

        // Format.IsMatch(text), Format().IsMatch(text): the Regex was built in a field, a local or [GeneratedRegex].
        if (context.Operation is IInvocationOperation { TargetMethod: { IsStatic: false, Name: "IsMatch" or "Match" or "Matches" } method } use
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Regex)
            && RegexCall.OriginOf(use.Instance, symbols) is { } origin)
        {
            var input = use.Arguments.FirstOrDefault(a => a.Parameter?.Name == "input");
            Check(context, symbols, origin.Pattern, origin.HasOption(SinglelineFlag, 's'), method.Name, input, origin.PatternSyntax, fixable: origin.Creation is not null);
        }
    }

    private static void Check(OperationAnalysisContext context, RewardSymbols symbols, string pattern, bool singleline, string name, IArgumentOperation? input, SyntaxNode at, bool fixable)
    {
        if (HasDotBetweenTags(pattern) && !singleline)
        {
            var properties = fixable
                ? System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty.Add(ProblemKey, DotWithoutSingleline)
                : System.Collections.Immutable.ImmutableDictionary<string, string?>.Empty;
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RLVR1012_LooseFormatRegex,
                at.GetLocation(),
                properties,
                "'.' between tags does not match a newline without RegexOptions.Singleline, so a multi-line answer fails the format"));
            return;
        }

        if (name == "IsMatch" && HasTagPair(pattern) && !IsAnchored(pattern) && input is not null && DataRoles.IsCompletionDerived(input.Value, symbols))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RLVR1012_LooseFormatRegex,
                at.GetLocation(),
                "IsMatch of a tag format is not anchored with \\A...\\z, so any text around (or between repeated) tags passes"));
        }
    }

    private static bool IsAnchored(string pattern)
    {
        string body = pattern.StartsWith("(?", StringComparison.Ordinal) && pattern.IndexOf(')') > 0 && pattern.IndexOf(')') < 8
            ? pattern.Substring(pattern.IndexOf(')') + 1)
            : pattern;
        bool start = body.StartsWith("^", StringComparison.Ordinal) || body.StartsWith("\\A", StringComparison.Ordinal);
        bool end = body.EndsWith("$", StringComparison.Ordinal) || body.EndsWith("\\z", StringComparison.Ordinal) || body.EndsWith("\\Z", StringComparison.Ordinal);
        return start && end;
    }

    private static bool HasTagPair(string pattern) => FindTagBody(pattern, 0) is not null;

    private static bool HasDotBetweenTags(string pattern)
    {
        for (int from = 0; FindTagBody(pattern, from) is { } body; from = body.End)
        {
            if (HasUnescapedDot(pattern, body.Start, body.End))
            {
                return true;
            }
        }

        return false;
    }

    // The span between "<name>" and the next "</name>" after position from, or null.
    private static (int Start, int End)? FindTagBody(string pattern, int from)
    {
        for (int open = pattern.IndexOf('<', from); open >= 0; open = pattern.IndexOf('<', open + 1))
        {
            int close = pattern.IndexOf('>', open + 1);
            if (close < 0)
            {
                return null;
            }

            string name = pattern.Substring(open + 1, close - open - 1);
            if (name.Length == 0 || name[0] == '/' || !IsTagName(name))
            {
                continue;
            }

            int end = pattern.IndexOf("</" + name + ">", close + 1, StringComparison.Ordinal);
            if (end >= 0)
            {
                return (close + 1, end);
            }
        }

        return null;
    }

    private static bool IsTagName(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasUnescapedDot(string pattern, int start, int end)
    {
        bool inClass = false;
        for (int i = start; i < end; i++)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                i++;
            }
            else if (c == '[')
            {
                inClass = true;
            }
            else if (c == ']')
            {
                inClass = false;
            }
            else if (c == '.' && !inClass)
            {
                return true;
            }
        }

        return false;
    }
}
