namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>An input file of a challenge (a reference PoC or a decoy).</summary>
/// <param name="Name">The file name.</param>
/// <param name="Bytes">The content.</param>
public sealed record NamedInput(string Name, byte[] Bytes);
