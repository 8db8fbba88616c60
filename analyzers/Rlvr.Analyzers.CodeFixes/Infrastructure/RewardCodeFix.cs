using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Rlvr.Analyzers.CodeFixes.Infrastructure;

/// <summary>Where a fix applies: the document, its root, the node the diagnostic points at, and the diagnostic.</summary>
internal sealed class FixSite(Document document, SyntaxNode root, SyntaxNode node, Diagnostic diagnostic, Func<Location, SyntaxNode?>? locate = null)
{
    public Document Document { get; } = document;

    public SyntaxNode Root { get; } = root;

    public SyntaxNode Node { get; } = node;

    public Diagnostic Diagnostic { get; } = diagnostic;

    /// <summary>
    /// The node at one of the diagnostic's locations in <see cref="Root"/> (an additional location, for a fix made
    /// elsewhere). During fix-all the document has changed since the diagnostic was reported, so positions are
    /// not used: the node is the one marked before the first fix.
    /// </summary>
    public SyntaxNode? NodeAt(Location location) =>
        locate is not null ? locate(location) : Root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);

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

    // Not the batch fixer: it keeps only the actions whose equivalence key matches the one fix-all was started
    // with, and `dotnet format` starts it with the key of the first diagnostic's action, which is null when that
    // occurrence cannot be fixed mechanically (so nothing was fixed). This one fixes every fixable occurrence.
    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

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

    // Each diagnostic's node is marked first, so that it is found again after the fixes before it changed the
    // document (a fix may add a using at the top and move every position).
    private async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var cancellationToken = context.CancellationToken;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || diagnostics.IsEmpty)
        {
            return null;
        }

        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var spans = new Dictionary<Microsoft.CodeAnalysis.Text.TextSpan, SyntaxAnnotation>();
        SyntaxAnnotation Mark(Location location)
        {
            if (!spans.TryGetValue(location.SourceSpan, out var mark))
            {
                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                if (!marks.TryGetValue(node, out mark))
                {
                    mark = new SyntaxAnnotation("RlvrFixAll");
                    marks.Add(node, mark);
                }

                spans.Add(location.SourceSpan, mark);
            }

            return mark;
        }

        var pending = new List<(SyntaxAnnotation Mark, Diagnostic Diagnostic)>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            pending.Add((Mark(diagnostic.Location), diagnostic));
            foreach (var additional in diagnostic.AdditionalLocations.Where(l => l.SourceTree == root.SyntaxTree))
            {
                Mark(additional);
            }
        }

        document = document.WithSyntaxRoot(root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original])));
        foreach (var (mark, diagnostic) in pending)
        {
            var current = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (current?.GetAnnotatedNodes(mark).FirstOrDefault() is not { } node)
            {
                continue;
            }

            SyntaxNode? Locate(Location location) =>
                spans.TryGetValue(location.SourceSpan, out var at) ? current.GetAnnotatedNodes(at).FirstOrDefault() : null;
            if (await CreateFixAsync(new FixSite(document, current, node, diagnostic, Locate), cancellationToken).ConfigureAwait(false) is not { } action)
            {
                continue;
            }

            foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is ApplyChangesOperation apply && apply.ChangedSolution.GetDocument(document.Id) is { } changed)
                {
                    document = changed;
                }
            }
        }

        return document;
    }

    /// <summary>The code action for one diagnostic, or null when this occurrence cannot be fixed mechanically.</summary>
    protected virtual CodeAction? CreateFix(FixSite site) => null;

    /// <summary>Like <see cref="CreateFix"/>, for fixes that need the semantic model to decide.</summary>
    protected virtual ValueTask<CodeAction?> CreateFixAsync(FixSite site, CancellationToken cancellationToken) => new(CreateFix(site));

    /// <summary>A code action whose equivalence key (for fix-all) is its title unless given.</summary>
    protected static CodeAction Action(string title, Func<CancellationToken, Task<Document>> change, string? equivalenceKey = null) =>
        CodeAction.Create(title, change, equivalenceKey ?? title);
}
