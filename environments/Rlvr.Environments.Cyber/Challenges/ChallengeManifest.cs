namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>The content of a challenge's <c>challenge.json</c>.</summary>
/// <param name="Id">Unique id; equals the folder name.</param>
/// <param name="Title">A short title.</param>
/// <param name="Cwe">The weakness, e.g. <c>CWE-121</c>.</param>
/// <param name="Language">The source language; only <c>c</c> is supported.</param>
/// <param name="Description">What the program does, shown to the model.</param>
/// <param name="Input">How input is delivered.</param>
/// <param name="Sanitizers">The sanitizer to build with: <c>["address"]</c> or <c>["undefined"]</c>.</param>
/// <param name="Cflags">Extra compiler flags from an allow-list (<c>-std=</c>, <c>-D</c>, <c>-W</c>).</param>
/// <param name="Limits">Run limits.</param>
/// <param name="Expected">The reference crash.</param>
/// <param name="EditableFiles">Files a patch may change (default: every file under <c>src/</c>).</param>
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
    IReadOnlyList<string>? EditableFiles = null);
