using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Rlvr.Analyzers.CodeFixes.Infrastructure;
using Rlvr.Analyzers.Rules.Rlvr3xxx;

namespace Rlvr.Analyzers.CodeFixes.Rules.Rlvr3xxx;

/// <summary>RLVR3002: replace the blocking call by <c>await ....ConfigureAwait(false)</c> (offered only in async functions).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp)]
[Shared]
internal sealed class BlockingCallInRewardCodeFix : RewardCodeFix
{
    private const string EquivalenceKey = "RLVR3002";

    public BlockingCallInRewardCodeFix()
        : base(Descriptors.RLVR3002_BlockingCallInReward)
    {
    }

    protected override CodeAction? CreateFix(FixSite site)
    {
        if (!site.Diagnostic.Properties.TryGetValue(BlockingCallInRewardAnalyzer.FixKey, out string? fix) || fix is null)
        {
            return null;
        }

        var node = site.Node is ArgumentSyntax argument ? argument.Expression : site.Node;
        if (node is not ExpressionSyntax blocking || Awaited(blocking, fix) is not { } awaited)
        {
            return null;
        }

        return Action("Await instead of blocking", _ => site.Replace(blocking, AwaitExpression(blocking, awaited)), EquivalenceKey);
    }

    /// <summary>The expression to await in place of <paramref name="blocking"/>.</summary>
    private static ExpressionSyntax? Awaited(ExpressionSyntax blocking, string fix) => fix switch
    {
        BlockingCallInRewardAnalyzer.FixAwaitInstance => blocking switch
        {
            MemberAccessExpressionSyntax result => result.Expression,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } => wait.Expression,
            _ => null,
        },
        BlockingCallInRewardAnalyzer.FixAwaitReceiverOfGetAwaiter =>
            blocking is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } } }
                ? getAwaiter.Expression
                : null,
        BlockingCallInRewardAnalyzer.FixDelay => Retarget(blocking, "Task", "Delay"),
        BlockingCallInRewardAnalyzer.FixWhenAll => Retarget(blocking, null, "WhenAll"),
        BlockingCallInRewardAnalyzer.FixWaitForExitAsync => Retarget(blocking, null, "WaitForExitAsync"),
        _ => null,
    };

    // Thread.Sleep(x) -> Task.Delay(x); Task.WaitAll(a) -> Task.WhenAll(a); p.WaitForExit() -> p.WaitForExitAsync().
    private static ExpressionSyntax? Retarget(ExpressionSyntax blocking, string? receiver, string name)
    {
        if (blocking is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation)
        {
            return null;
        }

        var target = receiver is null ? member.Expression : SyntaxFactory.IdentifierName(receiver);
        return invocation.WithExpression(member.WithExpression(target.WithTriviaFrom(member.Expression)).WithName(SyntaxFactory.IdentifierName(name)))
            .WithoutTrivia();
    }

    private static ExpressionSyntax AwaitExpression(ExpressionSyntax blocking, ExpressionSyntax awaited)
    {
        awaited = awaited.WithoutTrivia();
        if (awaited is not (IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax))
        {
            awaited = SyntaxFactory.ParenthesizedExpression(awaited);
        }

        bool configured = awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } };
        ExpressionSyntax operand = configured
            ? awaited
            : SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, awaited, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
        ExpressionSyntax replacement = SyntaxFactory.AwaitExpression(operand);
        if (blocking.Parent is MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax or ElementAccessExpressionSyntax or InvocationExpressionSyntax or PostfixUnaryExpressionSyntax)
        {
            replacement = SyntaxFactory.ParenthesizedExpression(replacement);
        }

        return replacement.WithTriviaFrom(blocking);
    }
}
