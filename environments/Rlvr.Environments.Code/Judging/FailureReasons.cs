using Rlvr.Core;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Code.Judging;

/// <summary>Maps a runner's per-test status and the exec's facts to a reason code. Every status but a compared pass is a failure.</summary>
internal static class FailureReasons
{
    /// <summary>A test not run because an earlier one already failed (all-or-nothing): it never decides the reason.</summary>
    public const string NotRun = "not_run";

    public static string ForStatus(string? status, string? error, ExecResult exec) => status switch
    {
        "timeout" or "budget" => Reasons.TimeLimit,
        "skipped" => NotRun,
        "output_limit" => Reasons.OutputLimit,
        "error" when error is not null && (error.StartsWith("SyntaxError", StringComparison.Ordinal) || error.StartsWith("IndentationError", StringComparison.Ordinal) || error.StartsWith("TabError", StringComparison.Ordinal)) => Reasons.CompileError,
        "error" when error is not null && error.StartsWith("MemoryError", StringComparison.Ordinal) => Reasons.MemoryLimit,
        "refused" => Reasons.WrongAnswer,
        "crash" when exec.OomKilled => Reasons.MemoryLimit,
        "killed" => Reasons.MemoryLimit,
        _ => Reasons.RuntimeError,
    };

    /// <summary>The reason for a test with no record at all: the runner was killed, timed out or its output was cut.</summary>
    public static string ForMissing(ExecResult exec) =>
        exec.TimedOut ? Reasons.TimeLimit
        : exec.OomKilled ? Reasons.MemoryLimit
        : exec.StdoutTruncated ? Reasons.OutputLimit
        : Reasons.RuntimeError;
}
