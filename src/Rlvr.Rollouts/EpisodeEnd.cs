namespace Rlvr.Rollouts;

/// <summary>How an episode ended.</summary>
public enum EpisodeEnd
{
    /// <summary>The environment ended it by its own logic (answer given, flag found, attempts used).</summary>
    Terminated,

    /// <summary>A limit cut it: the environment's step or time limit, or the runner's turn limit.</summary>
    Truncated,

    /// <summary>It stopped on an error: the endpoint or the infrastructure failed, or the model sent a malformed tool call.</summary>
    Error,
}
