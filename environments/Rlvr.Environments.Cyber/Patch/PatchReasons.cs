namespace Rlvr.Environments.Cyber.Patch;

/// <summary>Reason codes of the patch verifier.</summary>
public static class PatchReasons
{
    /// <summary>Every PoC and variant ran clean and every poll passed.</summary>
    public const string Fixed = "fixed";

    /// <summary>The diff does not apply to the sources.</summary>
    public const string DoesNotApply = "patch_does_not_apply";

    /// <summary>The diff breaks a policy rule.</summary>
    public const string PolicyViolation = "policy_violation";

    /// <summary>The diff changes nothing.</summary>
    public const string NoChange = "no_change";

    /// <summary>A reference PoC or hidden variant still produces a sanitizer report or abnormal end.</summary>
    public const string StillCrashes = "still_crashes";

    /// <summary>A hidden input (scaled variant or fuzz mutant) crashes the candidate but not the reference patched build.</summary>
    public const string NewCrash = "new_crash";

    /// <summary>An input made the patched program hang.</summary>
    public const string Hang = "hang";

    /// <summary>A poll's output or exit status differs, or the poll ended abnormally.</summary>
    public const string PollFailed = "poll_failed";
}
