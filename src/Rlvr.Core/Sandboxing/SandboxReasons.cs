namespace Rlvr.Core.Sandboxing;

/// <summary>
/// Reason codes a <see cref="SandboxException"/> carries. Each is an infrastructure fault (reported as
/// <see cref="Outcome.InfraError"/>), never something the candidate caused.
/// </summary>
public static class SandboxReasons
{
    /// <summary>No container engine answered. Fix: start one; <c>rlvr doctor</c> says which engine and what is missing.</summary>
    public const string DockerUnreachable = "docker_unreachable";

    /// <summary>The sandbox image does not exist on the engine. Fix: <c>rlvr images build NAME</c>.</summary>
    public const string ImageMissing = "image_missing";

    /// <summary>The container stopped or vanished while in use (killed from outside, engine restarted).</summary>
    public const string ContainerDied = "container_died";

    /// <summary>The engine refused or failed a request (disk full, bad configuration).</summary>
    public const string DockerError = "docker_error";

    /// <summary>No sandbox became free before the caller's deadline.</summary>
    public const string PoolExhausted = "sandbox_pool_exhausted";
}
