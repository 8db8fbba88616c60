using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr1xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1013: take the last occurrence: RightToLeft, LastIndexOf, or <c>[^1]</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(FirstMatchAsFinalAnswerCodeFix))]
[Shared]
public sealed class FirstMatchAsFinalAnswerCodeFix : CodeFixProvider
{
    private const string Title = "Take the last occurrence";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.RLVR1013_FirstMatchAsFinalAnswer.Id);

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
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            diagnostic.Properties.TryGetValue(FirstMatchAsFinalAnswerAnalyzer.FixKey, out string? fix);
            switch (fix)
            {
                case FirstMatchAsFinalAnswerAnalyzer.RightToLeft when node is InvocationExpressionSyntax match:
                    Register(context, diagnostic, ct => RegexOptionsEditor.AddFlagAsync(context.Document, match, "RightToLeft", ct));
                    break;
                case FirstMatchAsFinalAnswerAnalyzer.LastIndexOf when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    Register(context, diagnostic, _ => Replace(context.Document, root, access.Name, SyntaxFactory.IdentifierName("LastIndexOf").WithTriviaFrom(access.Name)));
                    break;
                case FirstMatchAsFinalAnswerAnalyzer.FromEnd when node is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element:
                    var index = element.ArgumentList.Arguments[0].Expression;
                    Register(context, diagnostic, _ => Replace(context.Document, root, index, SyntaxFactory.ParseExpression("^1").WithTriviaFrom(index)));
                    break;
            }
        }
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, System.Func<CancellationToken, Task<Document>> fix) =>
        context.RegisterCodeFix(CodeAction.Create(Title, fix, equivalenceKey: Title), diagnostic);

    private static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode old, SyntaxNode replacement) =>
        Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(old, replacement)));
}
