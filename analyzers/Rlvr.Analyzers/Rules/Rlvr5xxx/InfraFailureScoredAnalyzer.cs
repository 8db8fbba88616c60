using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Rlvr.Analyzers.Infrastructure;

namespace Rlvr.Analyzers.Rules.Rlvr5xxx;

/// <summary>
/// RLVR5001: a catch of a sandbox, I/O, HTTP, socket or process-start exception (without a filter or rethrow)
/// that returns a score. Missing files and directories are left alone: a candidate that fails to write its
/// output file is an answer fault.
/// </summary>
internal sealed class InfraFailureScoredAnalyzer : RewardAnalyzer
{
    private static readonly ImmutableArray<string> InfraExceptions = ImmutableArray.Create(
        "Rlvr.Core.Sandboxing.SandboxException",
        "System.IO.IOException",
        "System.Net.Http.HttpRequestException",
        "System.Net.Sockets.SocketException",
        "System.ComponentModel.Win32Exception");

    private static readonly ImmutableArray<string> AnswerFaults = ImmutableArray.Create(
        "System.IO.FileNotFoundException",
        "System.IO.DirectoryNotFoundException",
        "System.IO.EndOfStreamException");

    public InfraFailureScoredAnalyzer()
        : base(Descriptors.RLVR5001_InfraFailureScored)
    {
    }

    protected override void Register(CompilationStartAnalysisContext context, RewardContext reward) =>
        RegisterRewardOperation(context, reward, c => Analyze(c, reward.Symbols), OperationKind.CatchClause);

    private static void Analyze(OperationAnalysisContext context, RewardSymbols symbols)
    {
        var clause = (ICatchClauseOperation)context.Operation;
        if (clause.Filter is not null
            || clause.ExceptionType is null
            || !(InfraExceptions.Any(name => CatchHandlers.Catches(clause, name)) || clause.ExceptionType.Name.StartsWith("Docker", System.StringComparison.Ordinal))
            || AnswerFaults.Any(name => CatchHandlers.Catches(clause, name))
            || CatchHandlers.Throws(clause)
            || CatchHandlers.FindScoredReturn(clause, symbols) is null)
        {
            return;
        }

        var location = clause.Syntax is CatchClauseSyntax { Declaration: { } declaration } ? declaration.Type.GetLocation() : clause.Syntax.GetLocation();
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.RLVR5001_InfraFailureScored, location, clause.ExceptionType.Name));
    }
}
