using Rlvr.Core;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>A loaded CTF challenge: files copied into the sandbox, a setup script that plants the episode's flag, a reference solution.</summary>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="Files">Files by relative path, placed in the episode's working folder.</param>
/// <param name="Setup">Python run once per episode with the flag on stdin (never stored in the sandbox); may be <see langword="null"/>.</param>
/// <param name="Solution">A shell script whose last line of output is the flag.</param>
public sealed record CtfChallenge(
    CtfManifest Manifest,
    IReadOnlyDictionary<string, byte[]> Files,
    [property: Reference] string? Setup,
    [property: Reference] string Solution)
{
    /// <summary>The challenge id.</summary>
    public string Id => Manifest.Id;
}
