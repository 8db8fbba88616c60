namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>One problem found while loading a challenge folder.</summary>
/// <param name="Path">The offending file or folder (and JSON field, when known).</param>
/// <param name="Message">What is wrong.</param>
public sealed record ChallengeIssue(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
