using Rlvr.Environments.Cyber.Building;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Running;

/// <summary>A challenge's reference builds and the facts established by running its reference material once.</summary>
/// <param name="Vulnerable">The vulnerable build.</param>
/// <param name="Patched">The reference patched build.</param>
/// <param name="Signatures">The distinct signatures of the reference PoCs on the vulnerable build.</param>
/// <param name="PollExitCodes">Exit code of the reference patched build on each poll, by poll name.</param>
internal sealed record ChallengeArtifacts(
    BuildResult Vulnerable,
    BuildResult Patched,
    IReadOnlyList<CrashSignature> Signatures,
    IReadOnlyDictionary<string, int?> PollExitCodes);
