namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>The content of a challenge's <c>challenge.json</c>.</summary>
/// <param name="Id">Unique id; equals the folder name.</param>
/// <param name="Title">A short title.</param>
/// <param name="Cwe">The weakness, e.g. <c>CWE-121</c>.</param>
/// <param name="Language">The source language: <c>c</c> or <c>c++</c>.</param>
/// <param name="Description">What the program does, shown to the model.</param>
/// <param name="Input">How input is delivered.</param>
/// <param name="Sanitizers">The sanitizer to build with: <c>["address"]</c> or <c>["undefined"]</c>.</param>
/// <param name="Expected">The reference crash.</param>
/// <param name="Cflags">Extra compiler flags from an allow-list (<c>-std=</c>, <c>-D</c>, <c>-W</c>).</param>
/// <param name="Limits">Run limits.</param>
/// <param name="EditableFiles">Files a patch may change (default: every C/C++ source file under <c>src/</c>).</param>
/// <param name="Build">The challenge's own build script; without it the verifier compiles every source file itself.</param>
/// <param name="Binary">Path of the built program relative to the source root (default <c>prog</c>).</param>
/// <param name="Harness">Harness files compiled with the program but not shown to the model.</param>
/// <param name="Args">Fixed arguments of every run (<c>@@</c> stands for the input file or text).</param>
/// <param name="EnvVar">The variable that carries the input when <paramref name="Input"/> is <c>env</c>.</param>
/// <param name="IncludeDirs">Include directories, relative to the source root (<c>src/</c>).</param>
/// <param name="Libs">Libraries to link (<c>m</c> or <c>-lm</c>).</param>
/// <param name="Defines">Macro definitions, <c>NAME</c> or <c>NAME=value</c> (any C tokens; passed as one argument each).</param>
/// <param name="Source">Where the program comes from when it is not the folder's <c>src/</c> (a Debian source package).</param>
public sealed record ChallengeManifest(
    string Id,
    string Title,
    string Cwe,
    string Language,
    string Description,
    InputDelivery Input,
    IReadOnlyList<string> Sanitizers,
    ExpectedCrash Expected,
    IReadOnlyList<string>? Cflags = null,
    ChallengeLimits? Limits = null,
    IReadOnlyList<string>? EditableFiles = null,
    BuildStep? Build = null,
    string? Binary = null,
    HarnessSpec? Harness = null,
    IReadOnlyList<string>? Args = null,
    string? EnvVar = null,
    IReadOnlyList<string>? IncludeDirs = null,
    IReadOnlyList<string>? Libs = null,
    IReadOnlyList<string>? Defines = null,
    Debian.ChallengeSource? Source = null)
{
    /// <summary>Whether the sources are C++ (<c>language</c> is <c>c++</c>).</summary>
    public bool IsCpp => string.Equals(Language, "c++", StringComparison.Ordinal);
}
