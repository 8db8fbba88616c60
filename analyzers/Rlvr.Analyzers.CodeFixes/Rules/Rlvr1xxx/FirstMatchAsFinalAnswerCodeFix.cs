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
internal sealed class FirstMatchAsFinalAnswerCodeFix : RewardCodeFix
{
    private const string Title = "Take the last occurrence";

    public FirstMatchAsFinalAnswerCodeFix()
        : base(Descriptors.RLVR1013_FirstMatchAsFinalAnswer)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        site.Diagnostic.Properties.TryGetValue(FirstMatchAsFinalAnswerAnalyzer.FixKey, out string? fix);
        switch (fix)
        {
            case FirstMatchAsFinalAnswerAnalyzer.RightToLeft when site.Node is InvocationExpressionSyntax match:
                return Action(Title, ct => RegexOptionsEditor.AddFlagAsync(site.Document, match, "RightToLeft", ct));
            case FirstMatchAsFinalAnswerAnalyzer.LastIndexOf when site.Node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                return Action(Title, _ => site.Replace(access.Name, SyntaxFactory.IdentifierName("LastIndexOf").WithTriviaFrom(access.Name)));
            case FirstMatchAsFinalAnswerAnalyzer.FromEnd when site.Node is ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } element:
                var index = element.ArgumentList.Arguments[0].Expression;
                return Action(Title, _ => site.Replace(index, SyntaxFactory.ParseExpression("^1").WithTriviaFrom(index)));
            default:
                return null;
        }
    }
}
