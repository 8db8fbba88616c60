using System.Security.Cryptography;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>The shape of a challenge's flag: a prefix, <see cref="Length"/> characters from <see cref="Alphabet"/>, a suffix.</summary>
/// <param name="Prefix">e.g. <c>rlvr{</c>.</param>
/// <param name="Suffix">e.g. <c>}</c>.</param>
/// <param name="Alphabet">The characters of the random part.</param>
/// <param name="Length">Length of the random part.</param>
public sealed record FlagFormat(string Prefix, string Suffix, string Alphabet, int Length)
{
    /// <summary>
    /// A fresh flag from the operating system's cryptographic generator. Flags are never derived from the sample's
    /// seed: a seed-derived flag would be the same in every rollout of a sample, so a policy could learn it.
    /// </summary>
    public string Generate() => Prefix + RandomNumberGenerator.GetString(Alphabet, Length) + Suffix;

    /// <summary>A human description for prompts.</summary>
    public string Describe() => $"{Prefix}<{Length} characters from [{Alphabet}]>{Suffix}";
}
