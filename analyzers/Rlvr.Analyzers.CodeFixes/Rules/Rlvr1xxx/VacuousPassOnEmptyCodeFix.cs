using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr1xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr1xxx;

/// <summary>RLVR1005: inserts <c>if (tests.Count == 0) return Reward.Unscorable(Reasons.NoTests);</c> before the statement.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VacuousPassOnEmptyCodeFix))]
[Shared]
internal sealed class VacuousPassOnEmptyCodeFix : RewardCodeFix
{
    private const string Title = "Return Unscorable when the collection is empty";

    public VacuousPassOnEmptyCodeFix()
        : base(Descriptors.RLVR1005_VacuousPassOnEmpty)
    {
    }

    protected override async ValueTask<CodeAction?> CreateFixAsync(FixSite site, CancellationToken cancellationToken)
    {
        var statement = site.Node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault();
        if (statement?.Parent is not BlockSyntax
            || !site.Diagnostic.Properties.TryGetValue(VacuousPassOnEmptyAnalyzer.CollectionKey, out string? collection)
            || collection is null
            || await site.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model
            || ReturnShape(model, statement, cancellationToken) is not { } shape)
        {
            return null;
        }

        return Action(Title, ct => FixAsync(site.Document, site.Root, model, statement, collection, shape, ct));
    }

    private static Task<Document> FixAsync(
        Document document,
        SyntaxNode root,
        SemanticModel model,
        StatementSyntax statement,
        string collection,
        string shape,
        CancellationToken cancellationToken)
    {
        var collectionExpression = statement.DescendantNodesAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.ToString() == collection);
        var type = collectionExpression is null ? null : model.GetTypeInfo(collectionExpression, cancellationToken).Type;
        string reward = TypeNames.At(model, statement.SpanStart, "Rlvr.Core.Reward");
        string reasons = TypeNames.At(model, statement.SpanStart, "Rlvr.Core.Reasons");
        string unscorable = $"{reward}.Unscorable({reasons}.NoTests)";
        string returned = shape switch
        {
            "ValueTask" => $"new({unscorable})",
            "Task" => $"{TypeNames.At(model, statement.SpanStart, "System.Threading.Tasks.Task")}.FromResult({unscorable})",
            _ => unscorable,
        };
        string check = CollectionSize.Of(collection, type) is var size && size.EndsWith("()", System.StringComparison.Ordinal)
            ? $"!{collection}.Any()"
            : size + " == 0";
        // Keep the document's own line endings.
        var newline = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var eol = newline.IsKind(SyntaxKind.EndOfLineTrivia) ? newline : SyntaxFactory.ElasticCarriageReturnLineFeed;
        var guard = SyntaxFactory.ParseStatement($"if ({check}){eol}{{{eol}    return {returned};{eol}}}")
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(eol, eol)
            .WithAdditionalAnnotations(Formatter.Annotation);
        return Task.FromResult(document.WithSyntaxRoot(root.InsertNodesBefore(statement, [guard])));
    }

    // What a return statement must produce here: a Reward directly ("Reward"), or wrapped for a non-async Task/ValueTask method.
    private static string? ReturnShape(SemanticModel model, StatementSyntax statement, CancellationToken cancellationToken)
    {
        var owner = statement.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax);
        IMethodSymbol? method = owner switch
        {
            AnonymousFunctionExpressionSyntax lambda => model.GetSymbolInfo(lambda, cancellationToken).Symbol as IMethodSymbol,
            null => null,
            _ => model.GetDeclaredSymbol(owner, cancellationToken) as IMethodSymbol,
        };
        if (method is null)
        {
            return null;
        }

        var returnType = method.ReturnType;
        bool wrapped = returnType is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" };
        var rewardType = wrapped ? ((INamedTypeSymbol)returnType).TypeArguments[0] : returnType;
        if (rewardType.ToDisplayString() != "Rlvr.Core.Reward")
        {
            return null;
        }

        return !wrapped || method.IsAsync ? "Reward" : returnType.Name;
    }
}
