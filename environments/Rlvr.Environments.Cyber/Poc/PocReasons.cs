namespace Rlvr.Environments.Cyber.Poc;

/// <summary>Reason codes of the PoC verifier.</summary>
public static class PocReasons
{
    /// <summary>The PoC reproduced the reference crash on every run and never on the patched build.</summary>
    public const string Reproduced = "reproduced";

    /// <summary>The PoC is empty.</summary>
    public const string EmptyPoc = "empty_poc";

    /// <summary>The PoC exceeds the challenge's size limit.</summary>
    public const string TooLarge = "poc_too_large";

    /// <summary>The vulnerable build did not crash.</summary>
    public const string NoCrash = "no_crash";

    /// <summary>The vulnerable build hung (a hang is never a crash).</summary>
    public const string Hang = "hang";

    /// <summary>The vulnerable build crashed with another signature (another bug or site).</summary>
    public const string DifferentCrash = "different_crash";

    /// <summary>The vulnerable build failed in a way that is not a signature (OOM, abort, bare signal).</summary>
    public const string OtherFailure = "other_failure";

    /// <summary>The runs on the vulnerable build disagreed.</summary>
    public const string Flaky = "flaky";

    /// <summary>The patched build shows the same signature.</summary>
    public const string CrashesPatched = "crashes_patched";

    /// <summary>The patched build hung, so the absence of the signature is not established.</summary>
    public const string PatchedHang = "patched_hang";
}
