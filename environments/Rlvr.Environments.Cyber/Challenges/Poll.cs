namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>A functional test: an input and the exact standard output the program must print for it.</summary>
/// <param name="Name">The file name without extension.</param>
/// <param name="Input">The input bytes.</param>
/// <param name="ExpectedOutput">The expected standard output bytes.</param>
public sealed record Poll(string Name, byte[] Input, byte[] ExpectedOutput);
