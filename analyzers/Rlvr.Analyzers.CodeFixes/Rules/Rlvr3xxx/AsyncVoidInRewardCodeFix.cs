using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.Rules.Rlvr3xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx;

/// <summary>RLVR3007: make an async void method or local function return <c>Task</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class AsyncVoidInRewardCodeFix : CodeFixProvider
{
    private const string EquivalenceKey = "RLVR3007";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(Descriptors.RLVR3007_AsyncVoidInReward.Id);

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
            if (!diagnostic.Properties.ContainsKey(AsyncVoidInRewardAnalyzer.FixableKey))
            {
                continue;
            }

            var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
            TypeSyntax? returnType = token.Parent switch
            {
                MethodDeclarationSyntax method => method.ReturnType,
                LocalFunctionStatementSyntax local => local.ReturnType,
                _ => null,
            };
            if (returnType is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create("Return Task", ct => ReturnTaskAsync(context.Document, root, returnType, ct), EquivalenceKey),
                diagnostic);
        }
    }

    private static Task<Document> ReturnTaskAsync(Document document, SyntaxNode root, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        var task = SyntaxFactory.IdentifierName("Task").WithTriviaFrom(returnType);
        var updated = document.WithSyntaxRoot(root.ReplaceNode(returnType, task));
        return SyntaxEdits.EnsureUsingAsync(updated, "System.Threading.Tasks", "Task", cancellationToken);
    }
}
