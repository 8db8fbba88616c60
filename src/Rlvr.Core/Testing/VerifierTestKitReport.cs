namespace Rlvr.Core.Testing;

/// <summary>What the <see cref="VerifierTestKit"/> found.</summary>
/// <param name="EnvironmentName">The environment checked.</param>
/// <param name="ChecksRun">How many individual checks ran (one per probe per sample, plus the determinism checks).</param>
/// <param name="Failures">One line per failed check; empty when the environment is sound.</param>
/// <param name="Notes">Things the kit could not check (for instance cultures missing in globalization-invariant mode).</param>
/// <param name="Fingerprint">A SHA-256 digest of every reward the kit computed; equal in two processes when the
/// reward does not depend on the process (compare it to catch <see cref="string.GetHashCode()"/> seeds and the like).</param>
public sealed record VerifierTestKitReport(
    string EnvironmentName,
    int ChecksRun,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Notes,
    string Fingerprint)
{
    /// <summary><see langword="true"/> when no check failed.</summary>
    public bool IsSound => Failures.Count == 0;
}
