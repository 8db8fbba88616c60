using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Rlvr.Analyzers.CodeFixes.Rules;

/// <summary>Small syntax edits shared by the code fixes of RLVR2xxx-3xxx rules.</summary>
internal static class SyntaxEdits
{
    /// <summary>Inserts <paramref name="argument"/> (C# source) at <paramref name="index"/> of the argument list.</summary>
    public static ArgumentListSyntax InsertArgument(ArgumentListSyntax list, int index, string argument)
    {
        var inserted = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(argument));
        return list.WithArguments(list.Arguments.Insert(index, inserted));
    }

    /// <summary>
    /// Adds <c>using <paramref name="ns"/>;</c> when <paramref name="typeName"/> is not in scope at the edited node
    /// (global usings count), keeping the usings sorted.
    /// </summary>
    public static async Task<Document> EnsureUsingAsync(Document document, string ns, string typeName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return document;
        }

        int position = unit.Members.FirstOrDefault()?.SpanStart ?? 0;
        bool inScope = model.LookupNamespacesAndTypes(position, name: typeName)
            .Any(s => s.ContainingNamespace?.ToDisplayString() == ns);
        if (inScope)
        {
            return document;
        }

        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(ns));
        var usings = unit.Usings;
        int at = 0;
        while (at < usings.Count && string.CompareOrdinal(usings[at].Name?.ToString(), ns) < 0)
        {
            at++;
        }

        var newLine = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!newLine.IsKind(SyntaxKind.EndOfLineTrivia))
        {
            newLine = SyntaxFactory.LineFeed;
        }

        CompilationUnitSyntax updated;
        if (usings.Count == 0)
        {
            // A file without usings gets the directive and a blank line before its first member.
            var first = unit.Members.FirstOrDefault();
            directive = directive.WithTrailingTrivia(newLine, newLine);
            updated = unit.WithUsings(SyntaxFactory.SingletonList(directive.WithLeadingTrivia(first?.GetLeadingTrivia() ?? default)));
            if (first is not null)
            {
                updated = updated.ReplaceNode(updated.Members[0], updated.Members[0].WithLeadingTrivia());
            }
        }
        else
        {
            updated = unit.WithUsings(usings.Insert(at, directive.WithTrailingTrivia(newLine)));
        }

        return document.WithSyntaxRoot(updated);
    }
}
