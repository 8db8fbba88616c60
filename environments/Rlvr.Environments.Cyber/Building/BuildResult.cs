namespace Rlvr.Environments.Cyber.Building;

/// <summary>The outcome of one compilation.</summary>
/// <param name="Hash">The content hash that keys the cache.</param>
/// <param name="Succeeded">Whether the compiler produced a binary.</param>
/// <param name="Binary">The binary (empty on failure).</param>
/// <param name="Log">The compiler's diagnostics.</param>
/// <param name="Elapsed">Time the build took (zero for a cache hit on disk).</param>
public sealed record BuildResult(string Hash, bool Succeeded, byte[] Binary, string Log, TimeSpan Elapsed)
{
    /// <summary>Symbols the binary imports (undefined in it, <c>nm -u</c>), without version suffixes.</summary>
    public IReadOnlySet<string> Imports { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Global symbols the binary defines (<c>nm -g --defined-only</c>).</summary>
    public IReadOnlySet<string> Exports { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The preprocessed sources (<c>gcc -E</c> with the build's flags), only the parts that come from <c>src/</c>.</summary>
    public string Preprocessed { get; init; } = string.Empty;

    /// <summary>The binary's compile units with the flags each was compiled with.</summary>
    public IReadOnlyList<CompileUnit> Units { get; init; } = [];

    /// <summary>gcov notes (<c>.gcno</c>) by path relative to the build folder; only builds made with <c>--coverage</c> have them.</summary>
    public IReadOnlyDictionary<string, byte[]> CoverageNotes { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);
}
