using System.Buffers;

namespace Rlvr.Core.Sandboxing;

/// <summary>One command to run in a sandbox. Code and inputs travel over <see cref="Stdin"/>.</summary>
public sealed record ExecRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="argv">The program and its arguments (no shell unless you ask for one).</param>
    public ExecRequest(IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0)
        {
            throw new ArgumentException("An exec request needs at least a program name.", nameof(argv));
        }

        Argv = argv;
    }

    /// <summary>The program and its arguments.</summary>
    public IReadOnlyList<string> Argv { get; init; }

    /// <summary>Bytes written to the process's standard input, then closed.</summary>
    public ReadOnlyMemory<byte> Stdin { get; init; }

    /// <summary>Extra environment variables.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Working directory; the spec's when <see langword="null"/>.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>User to run as; the spec's when <see langword="null"/>.</summary>
    public string? User { get; init; }

    /// <summary>Wall-clock limit, enforced inside the sandbox and from outside. Default 10 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes kept of each of stdout and stderr; the rest is dropped and reported. Default 1 MiB.</summary>
    public int OutputLimitBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Where standard output goes, when set: written here as it arrives (at most <see cref="OutputLimitBytes"/>, with
    /// <see cref="ExecResult.StdoutTruncated"/> as usual), and <see cref="ExecResult.Stdout"/> is then empty. A caller
    /// that reads large outputs can keep them in memory it reuses (a pooled buffer) instead of a fresh array per
    /// command. A sandbox that does not support it returns the output in <see cref="ExecResult.Stdout"/>, so a caller
    /// reads whichever is not empty. Written only while the command runs, from one thread at a time.
    /// </summary>
    public IBufferWriter<byte>? StdoutSink { get; init; }

    /// <summary>
    /// Whether processes the command starts in the background may outlive it (a server a later command talks
    /// to). Default <see langword="false"/>: when the command ends, every other process of its user is killed,
    /// so a forgotten child can neither hold the output open nor leak into the next command.
    /// </summary>
    public bool KeepBackgroundProcesses { get; init; }
}
