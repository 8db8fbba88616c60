namespace Rlvr.Sandbox.Docker;

/// <summary>How many containers of one <see cref="Core.Sandboxing.SandboxSpec"/> are kept and how often each is reused.</summary>
public sealed record SandboxPoolOptions
{
    /// <summary>Containers kept started and idle ahead of demand. Default 2.</summary>
    public int MinIdle { get; init; } = 2;

    /// <summary>Most containers of the spec alive at once (idle and in use); acquirers wait beyond it. Default 8.</summary>
    public int MaxContainers { get; init; } = 8;

    /// <summary>Leases after which a container is destroyed instead of cleaned and reused. Default 100.</summary>
    public int MaxUsesPerContainer { get; init; } = 100;

    /// <summary>Throws when the numbers are inconsistent.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MinIdle);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxContainers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxUsesPerContainer, 1);
        if (MinIdle > MaxContainers)
        {
            throw new ArgumentException($"MinIdle ({MinIdle}) cannot exceed MaxContainers ({MaxContainers}).");
        }
    }
}
