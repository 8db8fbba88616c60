namespace Rlvr.Environments.Cyber.Patching;

/// <summary>One <c>@@</c> hunk: the lines it expects and the lines it puts in their place.</summary>
/// <param name="OldStart">1-based first line of the old text, as declared.</param>
/// <param name="OldLines">Context and removed lines, in order.</param>
/// <param name="NewLines">Context and added lines, in order.</param>
public sealed record DiffHunk(int OldStart, IReadOnlyList<string> OldLines, IReadOnlyList<string> NewLines);
