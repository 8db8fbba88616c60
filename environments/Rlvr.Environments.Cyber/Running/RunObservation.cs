using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>The facts of one target run and what they amount to.</summary>
/// <param name="Kind">Crash, hang, other or none.</param>
/// <param name="Report">The sanitizer report of the launched process, if any.</param>
/// <param name="ExitCode">The exit code, when the process exited.</param>
/// <param name="Signal">The signal that ended it, if any.</param>
/// <param name="Stdout">Standard output of the target.</param>
/// <param name="StderrHead">The start of the target's standard error (evidence only; never parsed).</param>
/// <param name="Note">Why the run is <see cref="CrashKind.Other"/>, or other remarks (e.g. a report of another process).</param>
/// <param name="Wall">Wall-clock time.</param>
public sealed record RunObservation(
    CrashKind Kind,
    SanitizerReport? Report,
    int? ExitCode,
    int? Signal,
    byte[] Stdout,
    string StderrHead,
    string? Note,
    TimeSpan Wall)
{
    /// <summary>A short description for evidence.</summary>
    public string Summary => Kind switch
    {
        CrashKind.Crash => "crash " + Report?.Signature,
        CrashKind.Hang => "hang",
        CrashKind.Other => "other " + (Note ?? Report?.Signature.BugClass ?? string.Empty),
        _ => $"exit {ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}" + (ExitCode is 0 || StderrHead.Length == 0 ? string.Empty : ": " + StderrHead),
    };
}
