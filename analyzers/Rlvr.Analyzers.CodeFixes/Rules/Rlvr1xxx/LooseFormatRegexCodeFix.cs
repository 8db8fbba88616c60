using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr1xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1012: adds <c>RegexOptions.Singleline</c> when '.' between tags must match newlines.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LooseFormatRegexCodeFix))]
[Shared]
public sealed class LooseFormatRegexCodeFix : CodeFixProvider
{
    private const string Title = "Add RegexOptions.Singleline";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RLVR1012_LooseFormatRegex.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(LooseFormatRegexAnalyzer.ProblemKey, out string? problem)
                || problem != LooseFormatRegexAnalyzer.DotWithoutSingleline)
            {
                continue;
            }

            var call = root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .AncestorsAndSelf()
                .FirstOrDefault(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax);
            if (call is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => RegexOptionsEditor.AddFlagAsync(context.Document, call, "Singleline", ct), equivalenceKey: Title),
                    diagnostic);
            }
        }
    }
}
