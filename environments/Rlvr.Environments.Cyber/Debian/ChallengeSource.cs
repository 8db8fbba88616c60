namespace Rlvr.Environments.Cyber.Debian;

/// <summary>
/// Where a challenge's program comes from when it is not in the challenge's own <c>src/</c> folder
/// (<c>"source"</c> in <c>challenge.json</c>).
/// </summary>
/// <param name="Debian">A Debian source package and security patch.</param>
/// <param name="Files">The files shown to the model (and the only ones a patch may change), relative to the tree.</param>
/// <param name="BuildFiles">
/// Patterns of the tree's files the build needs (relative; <c>*</c> matches within one path segment, <c>**</c> any
/// number of segments). They travel into the build sandbox as <c>src/&lt;path&gt;</c>; the shown files are added.
/// </param>
public sealed record ChallengeSource(DebianSource? Debian, IReadOnlyList<string>? Files = null, IReadOnlyList<string>? BuildFiles = null);
