using Rlvr.Core.Sandboxing;

namespace Rlvr.Environments.Cyber;

/// <summary>Settings shared by the cyber verifiers. Defaults are what the release gate runs with.</summary>
public sealed record CyberOptions
{
    /// <summary>The default options.</summary>
    public static CyberOptions Default { get; } = new();

    /// <summary>The build-and-run image. Default <c>rlvr/cyber:latest</c> (built by <c>rlvr images build</c>).</summary>
    public string Image { get; init; } = "rlvr/cyber:latest";

    /// <summary>
    /// User that prepares each run's directories (owner of the report directories, which the target cannot list).
    /// Default <c>0:0</c> (root without capabilities); <see langword="null"/> uses the sandbox's user.
    /// </summary>
    public string? PrivilegedUser { get; init; } = "0:0";

    /// <summary>How many times each PoC runs on each build; every run must agree. Default 3.</summary>
    public int Runs { get; init; } = 3;

    /// <summary>Mutants of the hidden fuzz each candidate patch meets (besides the scaled variants). Default 96; 0 turns the fuzz off.</summary>
    public int FuzzInputs { get; init; } = 96;

    /// <summary>Wall-clock budget of a patch's hidden inputs (scaled variants and fuzz); runs stop when it is spent. Default 30 s.</summary>
    public TimeSpan FuzzBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wall-clock limit of one compilation. Default 120 s.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Wall-clock limit of a Python PoC generator. Default 10 s.</summary>
    public TimeSpan GeneratorTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Exit code the sanitizer uses after a report (unlikely to be chosen by a program). Default 86.</summary>
    public int SanitizerExitCode { get; init; } = 86;

    /// <summary>Optional host folder where compiled binaries are kept across processes, by content hash.</summary>
    public string? BuildCacheFolder { get; init; } = System.Environment.GetEnvironmentVariable("RLVR_CYBER_BUILD_CACHE");

    /// <summary>
    /// The sandbox spec of builds: like <see cref="Spec"/> with more memory, processes and <c>/tmp</c> space for real
    /// projects, and an executable <c>/tmp</c> (configure scripts run the test programs they compile).
    /// </summary>
    public SandboxSpec BuildSpec => Spec with
    {
        MemoryBytes = 2048L * 1024 * 1024,
        PidsLimit = 256,
        TmpfsBytes = 1024L * 1024 * 1024,
        MaxFileBytes = 512L * 1024 * 1024,
        TmpfsExecutable = true,
    };

    /// <summary>The sandbox spec of runs.</summary>
    public SandboxSpec Spec => new(Image)
    {
        MemoryBytes = 1024L * 1024 * 1024,
        PidsLimit = 64,
        TmpfsBytes = 128L * 1024 * 1024,
    };
}
