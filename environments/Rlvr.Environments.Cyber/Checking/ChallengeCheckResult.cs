namespace Rlvr.Environments.Cyber.Checking;

/// <summary>Everything <see cref="ChallengeChecker"/> found about one challenge folder.</summary>
/// <param name="Challenge">The challenge id (the folder name when the manifest could not be read).</param>
/// <param name="Findings">Errors, warnings and information, in the order the steps ran.</param>
public sealed record ChallengeCheckResult(string Challenge, IReadOnlyList<CheckFinding> Findings)
{
    /// <summary>Whether no step failed.</summary>
    public bool Passed => !Findings.Any(f => f.Severity == CheckSeverity.Error);
}
