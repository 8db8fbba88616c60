namespace Rlvr.Environments.Cyber.Patching;

/// <summary>The hunks of a unified diff that change one file.</summary>
/// <param name="OldPath">The path on the <c>---</c> line, without its <c>a/</c> prefix.</param>
/// <param name="NewPath">The path on the <c>+++</c> line, without its <c>b/</c> prefix.</param>
/// <param name="Hunks">The hunks, in file order.</param>
public sealed record FilePatch(string OldPath, string NewPath, IReadOnlyList<DiffHunk> Hunks);
