using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr3xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx;

/// <summary>RLVR3001: add a one-second match timeout where the regex is created (or to the static call).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class RegexWithoutTimeoutCodeFix : RewardCodeFix
{
    private const string EquivalenceKey = "RLVR3001";

    public RegexWithoutTimeoutCodeFix()
        : base(Descriptors.RLVR3001_RegexWithoutTimeout)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        var diagnostic = site.Diagnostic;
        if (!diagnostic.Properties.TryGetValue(RegexWithoutTimeoutAnalyzer.AppendKey, out string? append) || append is null)
        {
            return null;
        }

        // An instance call is fixed where its regex is created (the additional location); a static call in place.
        bool atCreation = diagnostic.AdditionalLocations.Count > 0;
        var node = atCreation ? site.NodeAt(diagnostic.AdditionalLocations[0]) : site.Node;
        ArgumentListSyntax? arguments = atCreation
            ? node?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>()?.ArgumentList
            : node?.FirstAncestorOrSelf<InvocationExpressionSyntax>()?.ArgumentList;
        if (arguments is null)
        {
            return null;
        }

        return Action(
            "Add a match timeout",
            _ => site.Replace(arguments, append.Split(RegexWithoutTimeoutAnalyzer.Separator)
                .Aggregate(arguments, (list, argument) => SyntaxEdits.InsertArgument(list, list.Arguments.Count, argument))),
            EquivalenceKey);
    }
}
