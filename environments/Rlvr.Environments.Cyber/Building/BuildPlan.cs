using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Building;

/// <summary>
/// Everything a build depends on besides the program's sources: the verifier's enforced flags, the challenge's own
/// flags and libraries, its build script or the default one-line build, its harness files. Part of the build's
/// content hash.
/// </summary>
public sealed record BuildPlan
{
    /// <summary>The verifier's flags, appended by the compiler wrappers to every compile and link.</summary>
    public required IReadOnlyList<string> EnforcedFlags { get; init; }

    /// <summary>The sanitizer the wrappers allow (<c>address</c> or <c>undefined</c>).</summary>
    public string Sanitizer { get; init; } = "address";

    /// <summary>The challenge's flags (<c>cflags</c>, <c>-D</c> from <c>defines</c>, <c>-I</c> from <c>include_dirs</c>).</summary>
    public IReadOnlyList<string> ChallengeFlags { get; init; } = [];

    /// <summary>Libraries to link, as <c>-l</c> flags.</summary>
    public IReadOnlyList<string> Libs { get; init; } = [];

    /// <summary>Whether the program is linked as C++.</summary>
    public bool Cpp { get; init; }

    /// <summary>The text of the challenge's build script, or <see langword="null"/> for the default build.</summary>
    public string? Script { get; init; }

    /// <summary>Path of the built program relative to the source root.</summary>
    public string Binary { get; init; } = "prog";

    /// <summary>The harness kind, when the challenge has harness files.</summary>
    public HarnessKind? Harness { get; init; }

    /// <summary>Files besides the sources (harness files) by path relative to the challenge folder.</summary>
    public IReadOnlyDictionary<string, string> ExtraFiles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Wall-clock limit of the build, when the challenge sets one.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A plan of the default build with the given enforced flags only (tests, simple programs).</summary>
    /// <param name="flags">The verifier's flags.</param>
    public static BuildPlan FromFlags(IReadOnlyList<string> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        return new BuildPlan
        {
            EnforcedFlags = flags,
            Sanitizer = flags.Contains("-fsanitize=undefined", StringComparer.Ordinal) ? "undefined" : "address",
        };
    }
}
