using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr3xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx;

/// <summary>RLVR3007: make an async void method or local function return <c>Task</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class AsyncVoidInRewardCodeFix : RewardCodeFix
{
    private const string EquivalenceKey = "RLVR3007";

    public AsyncVoidInRewardCodeFix()
        : base(Descriptors.RLVR3007_AsyncVoidInReward)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        if (!site.Diagnostic.Properties.ContainsKey(AsyncVoidInRewardAnalyzer.FixableKey))
        {
            return null;
        }

        TypeSyntax? returnType = (site.Node is MethodDeclarationSyntax or LocalFunctionStatementSyntax ? site.Node : site.Root.FindToken(site.Diagnostic.Location.SourceSpan.Start).Parent) switch
        {
            MethodDeclarationSyntax method => method.ReturnType,
            LocalFunctionStatementSyntax local => local.ReturnType,
            _ => null,
        };
        return returnType is null ? null : Action("Return Task", ct => ReturnTaskAsync(site.Document, site.Root, returnType, ct), EquivalenceKey);
    }

    private static Task<Document> ReturnTaskAsync(Document document, SyntaxNode root, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        var task = SyntaxFactory.IdentifierName("Task").WithTriviaFrom(returnType);
        var updated = document.WithSyntaxRoot(root.ReplaceNode(returnType, task));
        return SyntaxEdits.EnsureUsingAsync(updated, "System.Threading.Tasks", "Task", cancellationToken);
    }
}
