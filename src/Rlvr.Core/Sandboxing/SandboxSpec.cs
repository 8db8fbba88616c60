namespace Rlvr.Core.Sandboxing;

/// <summary>
/// What a sandbox is made from and the limits it runs under. Defaults are hardened (no network,
/// read-only root filesystem, no capabilities, non-root user); weakening any of them is explicit.
/// </summary>
public sealed record SandboxSpec
{
    /// <summary>Creates a spec for an image.</summary>
    /// <param name="image">The image name, e.g. <c>rlvr/python:1</c>.</param>
    public SandboxSpec(string image)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(image);
        Image = image;
    }

    /// <summary>The image to run.</summary>
    public string Image { get; init; }

    /// <summary>Memory limit in bytes; memory+swap is set to the same value. Default 512 MiB.</summary>
    public long MemoryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>CPU quota in cores. Default 1.</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>Maximum number of processes and threads in the sandbox. Default 128.</summary>
    public long PidsLimit { get; init; } = 128;

    /// <summary>Size of the writable <c>/tmp</c> tmpfs in bytes. Default 64 MiB.</summary>
    public long TmpfsBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Whether programs may be executed from <c>/tmp</c>. Default <see langword="false"/> (<c>noexec</c>); build
    /// sandboxes turn it on so configure scripts can run the test programs they compile.
    /// </summary>
    public bool TmpfsExecutable { get; init; }

    /// <summary>Largest file a process may write, in bytes (<c>fsize</c> ulimit). Default 32 MiB.</summary>
    public long MaxFileBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Maximum open files per process (<c>nofile</c> ulimit). Default 256.</summary>
    public long MaxOpenFiles { get; init; } = 256;

    /// <summary>User the commands run as. Default <c>65534:65534</c> (nobody).</summary>
    public string User { get; init; } = "65534:65534";

    /// <summary>Working directory of commands. Default <c>/tmp</c>.</summary>
    public string WorkingDirectory { get; init; } = "/tmp";

    /// <summary>Whether the sandbox has a network. Default <see langword="false"/> (network mode none).</summary>
    public bool NetworkEnabled { get; init; }

    /// <summary>Whether the root filesystem is read-only. Default <see langword="true"/>.</summary>
    public bool ReadOnlyRootFilesystem { get; init; } = true;

    /// <summary>Environment variables set for every command.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}
