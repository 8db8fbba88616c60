using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Rlvr.Analyzers.CodeFixes.Infrastructure;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>
/// RLVR1016, the comma shape: <c>text.Replace(",", "")</c> becomes
/// <c>AnswerExtractor.StripThousandsSeparators(text)</c>, which removes only commas that group thousands.
/// The other shapes (a number compared as text, <c>TrimEnd('0')</c>) need a parse the fix cannot choose.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NumberComparedAsTextCodeFix))]
[Shared]
public sealed class NumberComparedAsTextCodeFix : CodeFixProvider
{
    private const string Title = "Remove only thousands separators";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RLVR1016_NumberComparedAsText.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Replace" } access,
                ArgumentList.Arguments.Count: >= 2,
            } replace
            && replace.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax { Token.ValueText: "," })
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    async ct =>
                    {
                        var model = await context.Document.GetSemanticModelAsync(ct).ConfigureAwait(false);
                        string extractor = model is null
                            ? "global::Rlvr.Core.Extraction.AnswerExtractor"
                            : TypeNames.At(model, replace.SpanStart, "Rlvr.Core.Extraction.AnswerExtractor");
                        var call = SyntaxFactory.ParseExpression(extractor + ".StripThousandsSeparators(" + access.Expression.WithoutTrivia() + ")");
                        return context.Document.WithSyntaxRoot(root.ReplaceNode(replace, call.WithTriviaFrom(replace).WithAdditionalAnnotations(Formatter.Annotation)));
                    },
                    equivalenceKey: Title),
                context.Diagnostics);
        }
    }
}
