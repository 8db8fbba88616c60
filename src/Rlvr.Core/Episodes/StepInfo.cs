namespace Rlvr.Core.Episodes;

/// <summary>Keys of <see cref="StepResult.Info"/> that every host reads the same way.</summary>
public static class StepInfo
{
    /// <summary>
    /// <see langword="true"/> when, from this step on, the episode's success is certain as far as the environment can
    /// tell (CTF: the flag appeared in an observation; code: a run passed every public test). Reports show the first
    /// such step of every successful episode.
    /// </summary>
    public const string SuccessCertain = "success_certain";
}
