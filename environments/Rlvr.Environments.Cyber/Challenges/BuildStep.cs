namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// A challenge's own build (<c>"build": {"script": "build.sh"}</c>): a shell script in the challenge folder, run in the
/// build sandbox from the source root with <c>CC</c>/<c>CXX</c> set to the verifier's compiler wrappers, which append
/// the sanitizer flags to every compile and link and refuse flags that would disable them.
/// </summary>
/// <param name="Script">Path of the script, relative to the challenge folder (not under <c>src/</c>).</param>
/// <param name="TimeoutSeconds">Wall-clock limit of one build (default: <see cref="CyberOptions.BuildTimeout"/>; at most 1800).</param>
public sealed record BuildStep(string Script, int? TimeoutSeconds = null);
