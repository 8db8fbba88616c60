using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.CodeFixes.Infrastructure;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1009: <c>a.Zip(b).All(p)</c> becomes <c>a.Length == b.Length &amp;&amp; a.Zip(b).All(p)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ZipTruncatesCodeFix))]
[Shared]
internal sealed class ZipTruncatesCodeFix : RewardCodeFix
{
    private const string Title = "Compare the lengths first";

    public ZipTruncatesCodeFix()
        : base(Descriptors.RLVR1009_ZipTruncates)
    {
    }

    protected override CodeAction? CreateFix(FixSite site) =>
        site.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "All" } } all
            ? Action(Title, ct => FixAsync(site.Document, site.Root, all, ct))
            : null;

    private static async Task<Document> FixAsync(Document document, SyntaxNode root, InvocationExpressionSyntax all, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model?.GetOperation(all, cancellationToken) is not IInvocationOperation { Arguments.Length: > 0 } operation
            || Unwrap(operation.Arguments[0].Value) is not IInvocationOperation { Arguments.Length: >= 2 } zip)
        {
            return document;
        }

        var first = Unwrap(zip.Arguments[0].Value);
        var second = Unwrap(zip.Arguments[1].Value);
        string check = CollectionSize.Of(first.Syntax.ToString(), first.Type) + " == " + CollectionSize.Of(second.Syntax.ToString(), second.Type);
        ExpressionSyntax replacement = SyntaxFactory.ParseExpression(check + " && " + all.WithoutTrivia());
        if (all.Parent is not (ArgumentSyntax or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax or ReturnStatementSyntax or ParenthesizedExpressionSyntax or LambdaExpressionSyntax))
        {
            replacement = SyntaxFactory.ParenthesizedExpression(replacement);
        }

        return document.WithSyntaxRoot(root.ReplaceNode(all, replacement.WithTriviaFrom(all).WithAdditionalAnnotations(Formatter.Annotation)));
    }

    private static IOperation Unwrap(IOperation operation) =>
        operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;
}
