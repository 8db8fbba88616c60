using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Building;

/// <summary>
/// The compiler flags, fixed by the verifier: debug info, <c>-O1</c> without inlining (stable crash sites), frame
/// pointers, the challenge's sanitizer with recovery off. Challenges may only add <c>-std=</c>, <c>-D</c> and <c>-W</c>.
/// </summary>
public static class BuildRecipe
{
    /// <summary>Flags every build gets, before the sanitizer and the challenge's own flags.</summary>
    public static IReadOnlyList<string> BaseFlags { get; } = ["-g", "-O1", "-fno-inline", "-fno-omit-frame-pointer", "-fno-common"];

    /// <summary>The full flag list of a challenge's builds.</summary>
    /// <param name="manifest">The challenge manifest (its sanitizer and extra flags).</param>
    public static IReadOnlyList<string> Flags(ChallengeManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);

        // gcc links AddressSanitizer and UBSan as two runtimes when both are asked for, and UBSan then ignores
        // log_path (its reports would only reach stderr, which is never trusted): one sanitizer per challenge.
        string sanitizer = manifest.Sanitizers.Contains("undefined", StringComparer.Ordinal) ? "undefined" : "address";
        return [.. BaseFlags, "-fsanitize=" + sanitizer, "-fno-sanitize-recover=all", .. manifest.Cflags ?? []];
    }
}
