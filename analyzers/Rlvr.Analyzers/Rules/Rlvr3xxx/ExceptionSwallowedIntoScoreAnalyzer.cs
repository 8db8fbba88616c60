using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr3xxx;

/// <summary>RLVR3003: <c>catch (Exception)</c> or a bare catch, without filter or rethrow, returning a score.</summary>
internal sealed class ExceptionSwallowedIntoScoreAnalyzer : RewardAnalyzer
{
    public ExceptionSwallowedIntoScoreAnalyzer()
        : base(Descriptors.RLVR3003_ExceptionSwallowedIntoScore)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.CatchClause);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        bool catchesAll = clause.ExceptionType is null
            || clause.ExceptionType.SpecialType == SpecialType.System_Object
            || clause.ExceptionType.ToDisplayString() == "System.Exception";
        if (!catchesAll || clause.Filter is not null || CatchHandlers.Throws(clause) || (CatchHandlers.FindScoredReturn(clause, symbols) is null && CatchHandlers.FindScoredFallThrough(clause, symbols) is null))
        {
            return;
        }

        var location = clause.Syntax is CatchClauseSyntax syntax
            ? Location.Create(syntax.SyntaxTree, syntax.Declaration is null ? syntax.CatchKeyword.Span : Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(syntax.CatchKeyword.SpanStart, syntax.Declaration.Span.End))
            : clause.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR3003_ExceptionSwallowedIntoScore, location));
    }
}
