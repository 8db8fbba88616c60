namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>A challenge folder is invalid; <see cref="Issues"/> lists every problem with its path.</summary>
public sealed class ChallengeLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="issues">The problems found.</param>
    public ChallengeLoadException(IReadOnlyList<ChallengeIssue> issues)
        : base("Invalid challenge:" + System.Environment.NewLine + string.Join(System.Environment.NewLine, issues))
    {
        Issues = issues;
    }

    /// <summary>Creates the exception.</summary>
    public ChallengeLoadException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ChallengeLoadException(string message)
        : this([new ChallengeIssue(".", message)])
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ChallengeLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Issues = [new ChallengeIssue(".", message)];
    }

    /// <summary>Every problem found, each with its path.</summary>
    public IReadOnlyList<ChallengeIssue> Issues { get; }
}
