namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>A parsed sanitizer report.</summary>
/// <param name="Pid">The process id the report names.</param>
/// <param name="Kind"><see cref="CrashKind.Crash"/> for memory-safety bugs, <see cref="CrashKind.Other"/> for OOM, aborts and the like.</param>
/// <param name="Signature">The signature.</param>
public sealed record SanitizerReport(int Pid, CrashKind Kind, CrashSignature Signature);
