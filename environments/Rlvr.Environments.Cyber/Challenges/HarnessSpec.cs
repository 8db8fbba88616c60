namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// Harness code of a challenge (<c>"harness": {"kind": "libfuzzer", "files": ["harness/fuzz.c"]}</c>): compiled with
/// the program but outside <c>src/</c>, so the model neither sees nor edits it.
/// </summary>
/// <param name="Kind">Whether the files define <c>main</c> or <c>LLVMFuzzerTestOneInput</c>.</param>
/// <param name="Files">Source files relative to the challenge folder (not under <c>src/</c>).</param>
public sealed record HarnessSpec(HarnessKind Kind, IReadOnlyList<string> Files);
