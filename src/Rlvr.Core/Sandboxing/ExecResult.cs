namespace Rlvr.Core.Sandboxing;

/// <summary>The facts of one command run: evidence, never a verdict.</summary>
public sealed record ExecResult
{
    /// <summary>The exit code; <see langword="null"/> when the process was killed by a signal or never reported one.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the process, if any (9 for SIGKILL...).</summary>
    public int? Signal { get; init; }

    /// <summary>Standard output, at most the request's output limit.</summary>
    public byte[] Stdout { get; init; } = [];

    /// <summary>Standard error, at most the request's output limit.</summary>
    public byte[] Stderr { get; init; } = [];

    /// <summary>Whether standard output was cut at the limit.</summary>
    public bool StdoutTruncated { get; init; }

    /// <summary>Whether standard error was cut at the limit.</summary>
    public bool StderrTruncated { get; init; }

    /// <summary>Whether the command ran past its timeout and was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Whether the kernel's OOM killer ended a process of the command.</summary>
    public bool OomKilled { get; init; }

    /// <summary>Wall-clock time of the command.</summary>
    public TimeSpan WallTime { get; init; }

    /// <summary>CPU time used, when the sandbox can measure it.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Standard output decoded as UTF-8 (invalid bytes replaced).</summary>
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

    /// <summary>Standard error decoded as UTF-8 (invalid bytes replaced).</summary>
    public string StderrText => System.Text.Encoding.UTF8.GetString(Stderr);
}
