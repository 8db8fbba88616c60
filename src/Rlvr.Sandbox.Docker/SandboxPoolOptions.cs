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

    /// <summary>
    /// Whether each container runs a small agent (Python, as the spec's user, non-dumpable) that starts commands
    /// itself instead of one <c>docker exec</c> per command: much faster, but the agent shares the commands' user
    /// (see docs/security.md). Images without <c>python3</c>, and commands run as another user than the spec's, use
    /// one exec per command. Default on.
    /// </summary>
    public bool UseExecAgent { get; init; } = true;

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
