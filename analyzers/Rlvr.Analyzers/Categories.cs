namespace Rlvr.Analyzers;

/// <summary>
/// Rule categories. Each owns a range of IDs, so the ID alone says what kind of fault a rule is about.
/// </summary>
internal static class Categories
{
    /// <summary>RLVR1xxx: the reward gives the wrong score for some answers.</summary>
    public const string Correctness = "RewardCorrectness";

    /// <summary>RLVR2xxx: the reward depends on the machine, culture, seed or clock.</summary>
    public const string Determinism = "RewardDeterminism";

    /// <summary>RLVR3xxx: the reward hangs, blocks or fails in ways that corrupt a batch.</summary>
    public const string Reliability = "RewardReliability";

    /// <summary>RLVR4xxx: model output escapes into the reward process or the sandbox is weakened.</summary>
    public const string Security = "RewardSecurity";

    /// <summary>RLVR5xxx: faults land in the wrong outcome (infrastructure scored as an answer).</summary>
    public const string Outcomes = "RewardOutcomes";

    /// <summary>The first ID of each category's range; a range spans 1000 IDs.</summary>
    public static int RangeStart(string category) => category switch
    {
        Correctness => 1000,
        Determinism => 2000,
        Reliability => 3000,
        Security => 4000,
        Outcomes => 5000,
        _ => -1,
    };
}
