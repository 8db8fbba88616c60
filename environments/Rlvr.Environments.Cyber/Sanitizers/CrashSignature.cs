namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>
/// What identifies a crash: the sanitizer, the bug class, the access kind and the crash site (the top frame in the
/// challenge's own sources), plus the top project frames for evidence.
/// </summary>
/// <param name="Sanitizer">e.g. <c>AddressSanitizer</c>.</param>
/// <param name="BugClass">e.g. <c>heap-buffer-overflow</c>, <c>SEGV</c>.</param>
/// <param name="Access"><c>READ</c>, <c>WRITE</c> or <see langword="null"/>.</param>
/// <param name="CrashSite">The top project frame; <see langword="null"/> when no frame is in the sources.</param>
/// <param name="TopFrames">Up to three project frames, innermost first.</param>
public sealed record CrashSignature(string Sanitizer, string BugClass, string? Access, StackFrame? CrashSite, IReadOnlyList<StackFrame> TopFrames)
{
    /// <summary>Same class and same crash site (function, file and line).</summary>
    /// <param name="other">The signature to compare with.</param>
    public bool Matches(CrashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(BugClass, other.BugClass, StringComparison.Ordinal)
            && CrashSite is not null
            && CrashSite == other.CrashSite;
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Sanitizer}:{BugClass}{(Access is null ? string.Empty : " " + Access)} at {CrashSite?.ToString() ?? "(no project frame)"}";
}
