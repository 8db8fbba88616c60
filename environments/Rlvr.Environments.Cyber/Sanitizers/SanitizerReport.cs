namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>A parsed sanitizer report.</summary>
/// <param name="Pid">The process id the report names, or <see cref="UnknownPid"/>.</param>
/// <param name="Kind"><see cref="CrashKind.Crash"/> for memory-safety bugs, <see cref="CrashKind.Other"/> for OOM, aborts and the like.</param>
/// <param name="Signature">The signature.</param>
public sealed record SanitizerReport(int Pid, CrashKind Kind, CrashSignature Signature)
{
    /// <summary>The <see cref="Pid"/> of reports that name no process (UBSan's); the report file's name carries it.</summary>
    public const int UnknownPid = -1;
}
