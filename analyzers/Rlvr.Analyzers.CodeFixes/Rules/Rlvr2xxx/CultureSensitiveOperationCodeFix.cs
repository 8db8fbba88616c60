using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr2xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr2xxx;

/// <summary>RLVR2002: pass <c>CultureInfo.InvariantCulture</c> or <c>StringComparison.Ordinal</c>, or call the invariant case mapping.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class CultureSensitiveOperationCodeFix : RewardCodeFix
{
    // One key for every variant, so Fix All makes the whole document culture-invariant in one pass.
    private const string EquivalenceKey = "RLVR2002";

    public CultureSensitiveOperationCodeFix()
        : base(Descriptors.RLVR2002_CultureSensitiveOperation)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        var properties = site.Diagnostic.Properties;
        if (site.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || !properties.TryGetValue(CultureSensitiveOperationAnalyzer.FixKey, out string? fix))
        {
            return null;
        }

        if (fix == CultureSensitiveOperationAnalyzer.Rename
            && properties.TryGetValue(CultureSensitiveOperationAnalyzer.NameKey, out string? name) && name is not null
            && invocation.Expression is MemberAccessExpressionSyntax member)
        {
            return Action($"Use {name}", _ => site.Replace(member, member.WithName(SyntaxFactory.IdentifierName(name))), EquivalenceKey);
        }

        if (fix == CultureSensitiveOperationAnalyzer.InsertArgument
            && properties.TryGetValue(CultureSensitiveOperationAnalyzer.ArgumentKey, out string? argument) && argument is not null
            && properties.TryGetValue(CultureSensitiveOperationAnalyzer.IndexKey, out string? indexText)
            && int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            && index <= invocation.ArgumentList.Arguments.Count)
        {
            return Action($"Pass {argument}", ct => InsertAsync(site.Document, invocation, index, argument, ct), EquivalenceKey);
        }

        return null;
    }

    private static async Task<Document> InsertAsync(Document document, InvocationExpressionSyntax invocation, int index, string argument, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var updated = document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, SyntaxEdits.InsertArgument(invocation.ArgumentList, index, argument)));
        return argument == CultureSensitiveOperationAnalyzer.InvariantCulture
            ? await SyntaxEdits.EnsureUsingAsync(updated, "System.Globalization", "CultureInfo", cancellationToken).ConfigureAwait(false)
            : updated;
    }
}
