namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>
/// What identifies a crash: the sanitizer, the bug class, the access kind and the crash site (the top frame in the
/// challenge's own sources), plus the top project frames for evidence and, for heap bugs, the allocation site.
/// </summary>
/// <param name="Sanitizer">e.g. <c>AddressSanitizer</c>.</param>
/// <param name="BugClass">e.g. <c>heap-buffer-overflow</c>, <c>SEGV</c>.</param>
/// <param name="Access"><c>READ</c>, <c>WRITE</c> or <see langword="null"/>.</param>
/// <param name="CrashSite">The top project frame; <see langword="null"/> when no frame is in the sources.</param>
/// <param name="TopFrames">Up to three project frames, innermost first.</param>
/// <param name="AllocationSite">For heap bugs, the top project frame of the allocation stack; otherwise <see langword="null"/>.</param>
public sealed record CrashSignature(
    string Sanitizer,
    string BugClass,
    string? Access,
    StackFrame? CrashSite,
    IReadOnlyList<StackFrame> TopFrames,
    StackFrame? AllocationSite = null)
{
    /// <summary>
    /// The same bug: the same class, and the crash in the same function (of the same file) — the line may differ, as a
    /// bug overflows at whichever access the input reaches first — or, for heap bugs, the same allocation site.
    /// </summary>
    /// <param name="other">The signature to compare with.</param>
    public bool Matches(CrashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(BugClass, other.BugClass, StringComparison.Ordinal) || CrashSite is null || other.CrashSite is null)
        {
            return false;
        }

        bool sameFunction = string.Equals(CrashSite.Function, other.CrashSite.Function, StringComparison.Ordinal)
            && string.Equals(CrashSite.File, other.CrashSite.File, StringComparison.Ordinal);
        return sameFunction || (AllocationSite is not null && AllocationSite == other.AllocationSite);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Sanitizer}:{BugClass}{(Access is null ? string.Empty : " " + Access)} at {CrashSite?.ToString() ?? "(no project frame)"}"
        + (AllocationSite is null ? string.Empty : $" (allocated at {AllocationSite})");
}
