using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace Rlvr.Analyzers.CodeFixes.Infrastructure;

/// <summary>Adds a RegexOptions flag to a Regex constructor or static call: <c>existing | Flag</c>, or a new last argument.</summary>
internal static class RegexOptionsEditor
{
    public static async Task<Document> AddFlagAsync(Document document, SyntaxNode call, string flag, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var arguments = call switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        if (root is null || model is null || arguments is null)
        {
            return document;
        }

        string options = TypeNames.At(model, call.SpanStart, "System.Text.RegularExpressions.RegexOptions");
        var flagExpression = SyntaxFactory.ParseExpression($"{options}.{flag}");
        var existing = model.GetOperation(call, cancellationToken) switch
        {
            IInvocationOperation invocation => invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "options"),
            IObjectCreationOperation creation => creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "options"),
            _ => null,
        };

        ArgumentListSyntax updated;
        if (existing?.Syntax is ArgumentSyntax optionsArgument)
        {
            var combined = SyntaxFactory.BinaryExpression(SyntaxKind.BitwiseOrExpression, optionsArgument.Expression.WithoutTrivia(), flagExpression);
            updated = arguments.ReplaceNode(optionsArgument, optionsArgument.WithExpression(combined));
        }
        else
        {
            updated = arguments.AddArguments(SyntaxFactory.Argument(flagExpression));
        }

        return document.WithSyntaxRoot(root.ReplaceNode(arguments, updated.WithAdditionalAnnotations(Formatter.Annotation)));
    }
}
