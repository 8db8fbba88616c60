namespace Rlvr.Environments.Cyber.Building;

/// <summary>The outcome of one compilation.</summary>
/// <param name="Hash">The content hash that keys the cache.</param>
/// <param name="Succeeded">Whether the compiler produced a binary.</param>
/// <param name="Binary">The binary (empty on failure).</param>
/// <param name="Log">The compiler's diagnostics.</param>
/// <param name="Elapsed">Time the build took (zero for a cache hit on disk).</param>
public sealed record BuildResult(string Hash, bool Succeeded, byte[] Binary, string Log, TimeSpan Elapsed);
