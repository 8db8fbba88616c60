using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Rlvr.Analyzers.CodeFixes.Infrastructure;

/// <summary>Where a fix applies: the document, its root, the node the diagnostic points at, and the diagnostic.</summary>
internal sealed class FixSite(Document document, SyntaxNode root, SyntaxNode node, Diagnostic diagnostic)
{
    public Document Document { get; } = document;

    public SyntaxNode Root { get; } = root;

    public SyntaxNode Node { get; } = node;

    public Diagnostic Diagnostic { get; } = diagnostic;

    /// <summary>The document with <paramref name="oldNode"/> replaced.</summary>
    public Task<Document> Replace(SyntaxNode oldNode, SyntaxNode newNode) =>
        Task.FromResult(Document.WithSyntaxRoot(Root.ReplaceNode(oldNode, newNode)));
}

/// <summary>
/// Base of the Rlvr code fixes: one rule, fix-all by batch, and for each diagnostic at most one code action,
/// built from the node the diagnostic points at. A fix overrides <see cref="CreateFix"/>, or
/// <see cref="CreateFixAsync"/> when deciding needs the semantic model.
/// </summary>
internal abstract class RewardCodeFix : CodeFixProvider
{
    protected RewardCodeFix(DiagnosticDescriptor descriptor)
    {
        FixableDiagnosticIds = ImmutableArray.Create(descriptor.Id);
    }

    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var action = await CreateFixAsync(new FixSite(context.Document, root, node, diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (action is not null)
            {
                context.RegisterCodeFix(action, diagnostic);
            }
        }
    }

    /// <summary>The code action for one diagnostic, or null when this occurrence cannot be fixed mechanically.</summary>
    protected virtual CodeAction? CreateFix(FixSite site) => null;

    /// <summary>Like <see cref="CreateFix"/>, for fixes that need the semantic model to decide.</summary>
    protected virtual ValueTask<CodeAction?> CreateFixAsync(FixSite site, CancellationToken cancellationToken) => new(CreateFix(site));

    /// <summary>A code action whose equivalence key (for fix-all) is its title unless given.</summary>
    protected static CodeAction Action(string title, Func<CancellationToken, Task<Document>> change, string? equivalenceKey = null) =>
        CodeAction.Create(title, change, equivalenceKey ?? title);
}
