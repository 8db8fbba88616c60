using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR3xxx: reward reliability.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR3001_RegexWithoutTimeout = Create(
        "RLVR3001",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Regex on model output without timeout",
        "'{0}' runs a backtracking regex on model output with no timeout; pass a TimeSpan timeout or use RegexOptions.NonBacktracking",
        "A model can emit text that makes a backtracking pattern run for minutes (catastrophic backtracking). With no timeout the scoring worker hangs and the whole batch stalls. Give every regex that reads model output a match timeout, or use RegexOptions.NonBacktracking.");

    public static readonly DiagnosticDescriptor RLVR3002_BlockingCallInReward = Create(
        "RLVR3002",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Blocking call in async reward",
        "'{0}' blocks a thread while scoring; {1}",
        "Scoring runs many items concurrently on the thread pool. Blocking on a task, sleeping or waiting for a process ties up a pool thread per item, starves the other items and can deadlock. Await the asynchronous form instead.");

    public static readonly DiagnosticDescriptor RLVR3007_AsyncVoidInReward = Create(
        "RLVR3007",
        Categories.Reliability,
        DiagnosticSeverity.Error,
        "'async void' in reward code",
        "'{0}' is async void: its exceptions crash the process and nobody waits for it; return Task",
        "An async void method or lambda cannot be awaited: the reward is computed before it finishes, and an exception it throws is raised on the thread pool and terminates the trainer. Return Task or ValueTask and await it.");

    public static readonly DiagnosticDescriptor RLVR3003_ExceptionSwallowedIntoScore = Create(
        "RLVR3003",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Exception swallowed into a score",
        "This catch of every exception returns a score; an infrastructure failure becomes a judgement of the completion",
        "catch (Exception) or a bare catch that returns a number or a scored reward turns bugs, timeouts and sandbox failures into a score for the completion. Catch the specific answer faults and score them 0 with a reason; let the rest propagate (the engine records them as InfraError) or return Reward.InfraError.");

    public static readonly DiagnosticDescriptor RLVR3004_TimeoutNotEnforced = Create(
        "RLVR3004",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Timeout not enforced, or scored as an answer",
        "{0}",
        "A timed CancellationTokenSource whose token is never passed on enforces nothing; a caught cancellation or timeout that returns a plain score turns a slow machine into a wrong (or right) answer. Pass the token; map timeouts to InfraError or to an explicit reason such as Reasons.TimeLimit.");

    public static readonly DiagnosticDescriptor RLVR3005_UnboundedVerifierWork = Create(
        "RLVR3005",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Verifier work without a time bound",
        "'{0}' has no time bound; {1}",
        "A verifier that waits for a process without a timeout, or calls a sandbox or an HTTP endpoint without the deadline token, keeps running after the item's deadline: the engine gives up on it but the work, and the sandbox or connection it holds, goes on. Pass context.CancellationToken (or a token linked to it) to every call that can wait.");

    public static readonly DiagnosticDescriptor RLVR3006_SharedStateMutation = Create(
        "RLVR3006",
        Categories.Reliability,
        DiagnosticSeverity.Warning,
        "Reward mutates shared state",
        "Scoring code writes to '{0}', which outlives the call; rewards then depend on what was scored before and on the order of a parallel batch",
        "The scoring engine scores items in parallel and in any order, and caches results by content. A reward that writes to a field or a shared non-concurrent collection depends on earlier items, races with concurrent ones and cannot be reproduced. Keep scoring stateless: compute from the problem, the completion and the context.");
}
