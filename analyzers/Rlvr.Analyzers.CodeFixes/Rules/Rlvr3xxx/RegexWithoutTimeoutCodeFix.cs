using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.Rules.Rlvr3xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx;

/// <summary>RLVR3001: add a one-second match timeout where the regex is created (or to the static call).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class RegexWithoutTimeoutCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "RLVR3001";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.RLVR3001_RegexWithoutTimeout.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(RegexWithoutTimeoutAnalyzer.AppendKey, out string? append) || append is null)
            {
                continue;
            }

            // An instance call is fixed where its regex is created (the additional location); a static call in place.
            var span = diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0].SourceSpan : diagnostic.Location.SourceSpan;
            var node = root.FindNode(span, getInnermostNodeForTie: true);
            ArgumentListSyntax? arguments = diagnostic.AdditionalLocations.Count > 0
                ? node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>()?.ArgumentList
                : node.FirstAncestorOrSelf<InvocationExpressionSyntax>()?.ArgumentList;
            if (arguments is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Add a match timeout",
                    _ =>
                    {
                        var updated = append.Split(RegexWithoutTimeoutAnalyzer.Separator)
                            .Aggregate(arguments, (list, argument) => SyntaxEdits.InsertArgument(list, list.Arguments.Count, argument));
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(arguments, updated)));
                    },
                    EquivalenceKey),
                diagnostic);
        }
    }
}
