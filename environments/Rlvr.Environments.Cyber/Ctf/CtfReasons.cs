namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>Reason codes of CTF episodes.</summary>
public static class CtfReasons
{
    /// <summary>The submitted flag is the episode's flag.</summary>
    public const string FlagFound = "flag_found";

    /// <summary>Every attempt was used on wrong flags.</summary>
    public const string WrongFlag = "wrong_flag";

    /// <summary>The episode reached its step limit (truncated).</summary>
    public const string StepLimit = "step_limit";

    /// <summary>The episode reached its time limit (truncated).</summary>
    public const string TimeLimit = "time_limit";
}
