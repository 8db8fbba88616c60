using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>Settings of a <see cref="DockerSandboxProvider"/>.</summary>
public sealed record DockerSandboxOptions
{
    /// <summary>
    /// Engines to create sandboxes on; each new container goes to the one with the fewest of ours.
    /// Default: <c>RLVR_DOCKER_HOSTS</c> (entries separated by <c>;</c>, each <c>URI[,CERT_DIR][,max=N]</c>) when set,
    /// else <see cref="DockerEndpoint.FromEnvironment"/>.
    /// </summary>
    public IReadOnlyList<DockerEndpoint> Endpoints { get; init; } = DefaultEndpoints();

    /// <summary>Pool sizes for specs without an entry in <see cref="PoolOptionsFor"/>.</summary>
    public SandboxPoolOptions Pool { get; init; } = new();

    /// <summary>Pool sizes for particular specs; <see langword="null"/> or a <see langword="null"/> result means <see cref="Pool"/>.</summary>
    public Func<SandboxSpec, SandboxPoolOptions?>? PoolOptionsFor { get; init; }

    /// <summary>Time the kernel gives a command between SIGTERM and SIGKILL once its timeout passes. Default 1 s.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time allowed for one control request to an engine (create, inspect, remove). Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often every engine is pinged once the provider is in use, so that an engine that stopped answering is taken
    /// out of placement (its idle containers dropped) and one that answers again is put back. Default 2 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns the checks off (an engine is then only taken out when a request to
    /// it fails, and tried again 2 s later).
    /// </summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether to remove, at first use, containers left on this host by runs whose process is gone. Default on.</summary>
    public bool ReapStaleContainers { get; init; } = true;

    /// <summary>
    /// Whether containers get the project's seccomp profile (<c>Seccomp/rlvr-seccomp.json</c>: an allowlist without
    /// io_uring, bpf, userfaultfd, perf events, key rings, namespaces, mounts, ptrace and a few more; see
    /// docs/security.md) instead of the engine's default profile. Default on.
    /// </summary>
    public bool UseSeccompProfile { get; init; } = true;

    /// <summary>Extra labels put on every container (for example a test's identity).</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Where pool events and cleanup failures are logged.</summary>
    public ILogger? Logger { get; init; }

    private static DockerEndpoint[] DefaultEndpoints()
    {
        string? hosts = System.Environment.GetEnvironmentVariable("RLVR_DOCKER_HOSTS");
        if (string.IsNullOrWhiteSpace(hosts))
        {
            return [DockerEndpoint.FromEnvironment()];
        }

        return [.. DockerEndpoint.ParseList(hosts)];
    }
}
