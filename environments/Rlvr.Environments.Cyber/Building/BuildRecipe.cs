namespace Rlvr.Environments.Cyber.Building;

/// <summary>The compiler flags the verifier fixes; challenges may only add <c>-std=</c>, <c>-D</c> and <c>-W</c> flags.</summary>
public static class BuildRecipe
{
    /// <summary>Flags every build gets, before the challenge's own.</summary>
    public static IReadOnlyList<string> BaseFlags { get; } =
    [
        "-g", "-O1", "-fno-inline", "-fno-omit-frame-pointer", "-fsanitize=address", "-fno-sanitize-recover=all",
        "-fno-common",
    ];
}
