using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Rlvr.Analyzers.CodeFixes.Infrastructure;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1014: <c>a == b</c> becomes <c>Math.Abs(a - b) &lt;= 1e-9</c> (and <c>!=</c> becomes <c>&gt;</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FloatingPointEqualityCodeFix))]
[Shared]
internal sealed class FloatingPointEqualityCodeFix : RewardCodeFix
{
    private const string Title = "Compare with a tolerance";

    public FloatingPointEqualityCodeFix()
        : base(Descriptors.RLVR1014_FloatingPointEquality)
    {
    }

    protected override CodeAction? CreateFix(FixSite site) =>
        site.Node is BinaryExpressionSyntax binary && (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression))
            ? Action(Title, ct => FixAsync(site.Document, site.Root, binary, ct))
            : null;

    private static async Task<Document> FixAsync(Document document, SyntaxNode root, BinaryExpressionSyntax binary, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        string math = model is null ? "global::System.Math" : TypeNames.At(model, binary.SpanStart, "System.Math");
        string comparison = binary.IsKind(SyntaxKind.EqualsExpression) ? "<=" : ">";
        var replacement = SyntaxFactory.ParseExpression(
                $"{math}.Abs({Operand(binary.Left)} - {Operand(binary.Right)}) {comparison} 1e-9")
            .WithTriviaFrom(binary)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(binary, replacement));
    }

    private static string Operand(ExpressionSyntax expression) => expression.WithoutTrivia() switch
    {
        IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or LiteralExpressionSyntax
            or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax => expression.WithoutTrivia().ToString(),
        var other => "(" + other + ")",
    };
}
