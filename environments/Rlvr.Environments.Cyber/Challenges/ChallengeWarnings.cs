namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// Weaknesses of a valid challenge that let a wrong patch score: polls that print nothing (a patch that disables the
/// program passes them, as a silent harness did for the converted cJSON challenges), or polls that all print the same
/// output (they cannot tell the program's behaviours apart).
/// </summary>
public static class ChallengeWarnings
{
    /// <summary>Every warning for <paramref name="challenge"/>, with the file it concerns (empty when there is none).</summary>
    /// <param name="challenge">A loaded challenge.</param>
    public static IReadOnlyList<ChallengeIssue> Find(CyberChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var warnings = new List<ChallengeIssue>();
        foreach (var poll in challenge.Polls.Where(p => p.ExpectedOutput.Length == 0))
        {
            warnings.Add(new ChallengeIssue($"{challenge.Id}/polls/{poll.Name}.out", "is empty: the harness prints nothing for this poll, so a patch that disables the program passes it (print what the code under test computes)"));
        }

        if (challenge.Polls.Count > 1 && challenge.Polls.Select(p => Convert.ToHexString(p.ExpectedOutput)).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            warnings.Add(new ChallengeIssue($"{challenge.Id}/polls/", "every poll expects the same output: the polls cannot tell a working program from a disabled one"));
        }

        return warnings;
    }
}
