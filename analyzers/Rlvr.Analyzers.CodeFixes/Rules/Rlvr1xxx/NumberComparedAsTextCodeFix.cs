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
internal sealed class NumberComparedAsTextCodeFix : RewardCodeFix
{
    private const string Title = "Remove only thousands separators";

    public NumberComparedAsTextCodeFix()
        : base(Descriptors.RLVR1016_NumberComparedAsText)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        if (site.Node is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Replace" } access,
                ArgumentList.Arguments.Count: >= 2,
            } replace
            || replace.ArgumentList.Arguments[0].Expression is not LiteralExpressionSyntax { Token.ValueText: "," })
        {
            return null;
        }

        return Action(Title, async ct =>
        {
            var model = await site.Document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            string extractor = model is null
                ? "global::Rlvr.Core.Extraction.AnswerExtractor"
                : TypeNames.At(model, replace.SpanStart, "Rlvr.Core.Extraction.AnswerExtractor");
            var call = SyntaxFactory.ParseExpression(extractor + ".StripThousandsSeparators(" + access.Expression.WithoutTrivia() + ")");
            return site.Document.WithSyntaxRoot(site.Root.ReplaceNode(replace, call.WithTriviaFrom(replace).WithAdditionalAnnotations(Formatter.Annotation)));
        });
    }
}
