namespace Rlvr.Core.Statistics;

/// <summary>How GRPO advantages are scaled after subtracting the group mean.</summary>
public enum AdvantageScaling
{
    /// <summary>Divide by the group's standard deviation (original GRPO).</summary>
    Group = 0,

    /// <summary>Divide by the standard deviation of every scored reward in the batch.</summary>
    Batch = 1,

    /// <summary>No scaling (Dr. GRPO): advantage = reward − group mean.</summary>
    None = 2,
}
