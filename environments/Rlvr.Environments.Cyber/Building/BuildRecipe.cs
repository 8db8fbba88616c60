using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Building;

/// <summary>
/// The compiler flags, fixed by the verifier: debug info, <c>-O1</c> without inlining (stable crash sites), frame
/// pointers, the challenge's sanitizer with recovery off. Challenges add <c>-std=</c>, <c>-D</c>, <c>-W</c> flags,
/// defines, include directories and libraries; the compiler wrappers append the verifier's flags last.
/// </summary>
public static class BuildRecipe
{
    /// <summary>Flags every build gets, before the sanitizer and the challenge's own flags.</summary>
    public static IReadOnlyList<string> BaseFlags { get; } = ["-g", "-O1", "-fno-inline", "-fno-omit-frame-pointer", "-fno-common"];

    /// <summary>The sanitizer of a challenge: <c>undefined</c> when it asks for UBSan, else <c>address</c>.</summary>
    /// <param name="manifest">The challenge manifest.</param>
    public static string Sanitizer(ChallengeManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);

        // gcc links AddressSanitizer and UBSan as two runtimes when both are asked for, and UBSan then ignores
        // log_path (its reports would only reach stderr, which is never trusted): one sanitizer per challenge.
        return manifest.Sanitizers.Contains("undefined", StringComparer.Ordinal) ? "undefined" : "address";
    }

    /// <summary>The verifier's flags of a challenge's builds (what the compiler wrappers append).</summary>
    /// <param name="manifest">The challenge manifest (its sanitizer).</param>
    public static IReadOnlyList<string> EnforcedFlags(ChallengeManifest manifest) =>
        [.. BaseFlags, "-fsanitize=" + Sanitizer(manifest), "-fno-sanitize-recover=all"];

    /// <summary>The full flag list of a challenge's default build: the enforced flags and the challenge's own.</summary>
    /// <param name="manifest">The challenge manifest (its sanitizer and extra flags).</param>
    public static IReadOnlyList<string> Flags(ChallengeManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return [.. EnforcedFlags(manifest), .. ChallengeFlags(manifest)];
    }

    /// <summary>The challenge's own flags: <c>cflags</c>, then <c>-D</c> per define, then <c>-I</c> per include directory.</summary>
    /// <param name="manifest">The challenge manifest.</param>
    public static IReadOnlyList<string> ChallengeFlags(ChallengeManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return
        [
            .. manifest.Cflags ?? [],
            .. (manifest.Defines ?? []).Select(d => "-D" + d),
            .. (manifest.IncludeDirs ?? []).Select(d => "-I" + RootMarker + "/src/" + d.TrimEnd('/')),
        ];
    }

    /// <summary>The build plan of a challenge's sources (vulnerable, reference or candidate: same plan).</summary>
    /// <param name="challenge">The challenge.</param>
    public static BuildPlan Plan(CyberChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var manifest = challenge.Manifest;
        return new BuildPlan
        {
            EnforcedFlags = EnforcedFlags(manifest),
            Sanitizer = Sanitizer(manifest),
            ChallengeFlags = ChallengeFlags(manifest),
            Libs = [.. (manifest.Libs ?? []).Select(l => l.StartsWith("-l", StringComparison.Ordinal) ? l : "-l" + l)],
            Cpp = manifest.IsCpp,
            Script = challenge.BuildScript,
            Binary = manifest.Binary ?? "prog",
            Harness = manifest.Harness?.Kind,
            ExtraFiles = challenge.HarnessFiles,
            Timeout = manifest.Build?.TimeoutSeconds is int seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
    }

    /// <summary>Stands for the build folder in flags (include directories); the build replaces it.</summary>
    internal const string RootMarker = "@RLVR_ROOT@";
}
