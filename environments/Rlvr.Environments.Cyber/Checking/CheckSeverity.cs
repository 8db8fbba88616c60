namespace Rlvr.Environments.Cyber.Checking;

/// <summary>How much a finding of <see cref="ChallengeChecker"/> matters.</summary>
public enum CheckSeverity
{
    /// <summary>A fact worth showing (a PoC's signature, which polls reach the fix).</summary>
    Info,

    /// <summary>The challenge works but is weak (silent polls, polls that never run the fixed code).</summary>
    Warning,

    /// <summary>The challenge cannot score correctly; the check fails.</summary>
    Error,
}
