namespace Rlvr.Core;

/// <summary>What kind of result a <see cref="Reward"/> is. Only <see cref="Scored"/> feeds training.</summary>
public enum Outcome
{
    /// <summary>A judgement of the completion. Wrong, empty, malformed, too slow or crashing output is a scored 0.</summary>
    Scored = 0,

    /// <summary>The problem itself cannot be judged (missing or unparseable reference, empty test set). Not retried.</summary>
    Unscorable = 1,

    /// <summary>The scoring infrastructure failed (sandbox, daemon, verifier timeout or exception). Retryable; never a 0.</summary>
    InfraError = 2,
}
