namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>What one run of a target amounted to.</summary>
public enum CrashKind
{
    /// <summary>No sanitizer report, no signal, no hang.</summary>
    None,

    /// <summary>A sanitizer report of a memory-safety bug (a signature).</summary>
    Crash,

    /// <summary>The run passed its time limit. Never a crash.</summary>
    Hang,

    /// <summary>Out of memory, abort, a signal or sanitizer exit code without a report: not a signature.</summary>
    Other,
}
