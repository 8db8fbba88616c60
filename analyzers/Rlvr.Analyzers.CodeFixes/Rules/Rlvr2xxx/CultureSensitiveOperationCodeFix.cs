using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.Rules.Rlvr2xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr2xxx;

/// <summary>RLVR2002: pass <c>CultureInfo.InvariantCulture</c> or <c>StringComparison.Ordinal</c>, or call the invariant case mapping.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class CultureSensitiveOperationCodeFix : CodeFixProvider
{
    // One key for every variant, so Fix All makes the whole document culture-invariant in one pass.
    private const string EquivalenceKey = "RLVR2002";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.RLVR2002_CultureSensitiveOperation.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            var properties = diagnostic.Properties;
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
                || !properties.TryGetValue(CultureSensitiveOperationAnalyzer.FixKey, out string? fix))
            {
                continue;
            }

            if (fix == CultureSensitiveOperationAnalyzer.Rename
                && properties.TryGetValue(CultureSensitiveOperationAnalyzer.NameKey, out string? name) && name is not null
                && invocation.Expression is MemberAccessExpressionSyntax member)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Use {name}", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(member, member.WithName(SyntaxFactory.IdentifierName(name))))), EquivalenceKey),
                    diagnostic);
            }
            else if (fix == CultureSensitiveOperationAnalyzer.InsertArgument
                && properties.TryGetValue(CultureSensitiveOperationAnalyzer.ArgumentKey, out string? argument) && argument is not null
                && properties.TryGetValue(CultureSensitiveOperationAnalyzer.IndexKey, out string? indexText)
                && int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                && index <= invocation.ArgumentList.Arguments.Count)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Pass {argument}", ct => InsertAsync(context.Document, invocation, index, argument, ct), EquivalenceKey),
                    diagnostic);
            }
        }
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
