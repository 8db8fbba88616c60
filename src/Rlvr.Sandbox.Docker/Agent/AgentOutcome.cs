namespace Rlvr.Sandbox.Docker.Agent;

/// <summary>What the exec agent reported for one command.</summary>
internal sealed record AgentOutcome(
    CappedBuffer Stdout,
    CappedBuffer Stderr,
    int? ExitCode,
    int? Signal,
    bool TimedOut,
    bool StdoutTruncated,
    bool StderrTruncated,
    bool AgentDied);
