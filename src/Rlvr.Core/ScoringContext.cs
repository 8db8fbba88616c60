using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Core;

/// <summary>
/// Everything a verifier may use besides the problem and completion: the deadline token, a clock,
/// sandboxes, a logger, and randomness seeded from the sample id (the same input always gets the same reward).
/// </summary>
public sealed class ScoringContext
{
    private readonly ISandboxProvider? sandboxes;
    private Random? random;

    /// <summary>Creates a context.</summary>
    /// <param name="sampleId">The id of the sample being scored; seeds <see cref="Random"/>.</param>
    /// <param name="cancellationToken">Cancelled at the item's deadline or when the batch is cancelled.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="sandboxes">Where untrusted code runs; <see langword="null"/> when none is configured.</param>
    /// <param name="logger">A logger; a no-op logger when <see langword="null"/>.</param>
    public ScoringContext(
        string sampleId,
        CancellationToken cancellationToken = default,
        TimeProvider? timeProvider = null,
        ISandboxProvider? sandboxes = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sampleId);
        SampleId = sampleId;
        CancellationToken = cancellationToken;
        TimeProvider = timeProvider ?? TimeProvider.System;
        this.sandboxes = sandboxes;
        Logger = logger ?? NullLogger.Instance;
        Seed = StableSeed(sampleId);
    }

    /// <summary>The id of the sample being scored.</summary>
    public string SampleId { get; }

    /// <summary>Cancelled at the item's deadline (which covers sandbox acquisition, execution and scoring).</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The clock to use instead of <see cref="DateTime.Now"/>.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The logger.</summary>
    public ILogger Logger { get; }

    /// <summary>A seed derived from <see cref="SampleId"/> only (stable across processes and machines).</summary>
    public int Seed { get; }

    /// <summary>A random generator seeded with <see cref="Seed"/>; one per context, not thread-safe.</summary>
    public Random Random => random ??= new Random(Seed);

    /// <summary><see langword="true"/> when a sandbox provider is configured.</summary>
    public bool HasSandboxes => sandboxes is not null;

    /// <summary>The sandbox provider.</summary>
    /// <exception cref="SandboxException">No sandbox provider is configured (scored as an infrastructure error).</exception>
    public ISandboxProvider Sandboxes => sandboxes ?? throw new SandboxException(
        "sandbox_unconfigured",
        "This verifier needs a sandbox but the host gave no sandbox provider: pass an ISandboxProvider (Rlvr.Sandbox.Docker) to the scoring engine, or with the rlvr tool run `rlvr doctor` to see what is missing.");

    /// <summary>FNV-1a over the UTF-8 bytes: stable across runs, unlike <see cref="string.GetHashCode()"/>.</summary>
    internal static int StableSeed(string text)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong hash = offset;
        Span<byte> buffer = stackalloc byte[256];
        int maxBytes = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[] bytes = maxBytes <= buffer.Length ? [] : Encoding.UTF8.GetBytes(text);
        ReadOnlySpan<byte> span = maxBytes <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : bytes;
        foreach (byte b in span)
        {
            hash ^= b;
            hash *= prime;
        }

        return (int)(hash ^ (hash >> 32));
    }
}
