using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>How a <see cref="RewardServer"/> listens, which environments it serves and how it protects itself. Validated at start.</summary>
public sealed record RewardServerOptions
{
    /// <summary>Addresses to listen on. Default <c>http://127.0.0.1:8000</c>; use port 0 for a free port.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8000"];

    /// <summary>The environments served, by name. At least one.</summary>
    public IReadOnlyList<IEnvironment> Environments { get; init; } = [];

    /// <summary>
    /// The environment used when a request names none (OpenRLHF and NeMo-Gym requests never do).
    /// Default: the first of <see cref="Environments"/>.
    /// </summary>
    public string? DefaultEnvironment { get; init; }

    /// <summary>Scoring parallelism, item deadline and retries. <see cref="ScoringOptions.MaxDegreeOfParallelism"/> is the number of items scored at once across all requests.</summary>
    public ScoringOptions Scoring { get; init; } = new();

    /// <summary>Items admitted (queued or running) across all requests; a request that would exceed it gets 429. Default 4096.</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>
    /// Items one client may have in flight (admitted, queued or running) across its requests; beyond it a request is held
    /// like a full queue and then answered with its protocol's busy status. A client is the bearer token it presented
    /// (all holders of one token are one client) or, without a token, its remote address. Default
    /// <see langword="null"/>: no per-client limit beyond <see cref="QueueCapacity"/>, right for one trainer per server.
    /// </summary>
    public int? MaxInflightPerClient { get; init; }

    /// <summary>
    /// Sandboxes one client may hold at once: leases taken for its scored items and <c>/run_code</c> programs (a lease
    /// beyond it waits for one of the client's own to end) and those its episode sessions hold (a new session beyond it
    /// is refused as busy). Default <see langword="null"/>: no per-client limit beyond the sandbox pool's own.
    /// </summary>
    public int? MaxSandboxesPerClient { get; init; }

    /// <summary>Largest request body in bytes; larger bodies get 413. Default 16 MiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// Deadline of a whole request. Items not finished by then are answered as <c>infra_error</c> with reason
    /// <c>request_timeout</c>. Default 5 minutes.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The Retry-After value sent with 429. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a graceful stop waits for accepted requests to finish. Default 60 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>When set, every endpoint except <c>/healthz</c> requires <c>Authorization: Bearer</c> with this token.</summary>
    public string? BearerToken { get; init; }

    /// <summary>
    /// For OpenRLHF labels that are not JSON objects: the problem field that receives the label text
    /// (e.g. <c>answer</c>, so label <c>"42"</c> becomes problem <c>{"answer": "42"}</c>). Default: none, which wraps a
    /// plain label as <c>{"answer": label, "question": prompt}</c>, the shape of the math environments.
    /// </summary>
    public string? LabelField { get; init; }

    /// <summary>
    /// For OpenRLHF labels wrapped with <see cref="LabelField"/>: the problem field that receives the request's prompt
    /// (e.g. <c>question</c>, for environments whose problems require the question). Default: none.
    /// </summary>
    public string? PromptField { get; init; }

    /// <summary>
    /// The only host folder whose subfolders a request's problems may name (e.g. cyber <c>{"path": "x"}</c>, relative to
    /// it, no <c>..</c>, no links). Default <see langword="null"/>: requests cannot name host paths at all, only bundled
    /// problems. See <see cref="ProblemFileAccess"/>.
    /// </summary>
    public string? ProblemRoot { get; init; }

    /// <summary>Sandboxes for verifiers and for <c>/run_code</c>; without them <c>/run_code</c> answers 503.</summary>
    public ISandboxProvider? Sandboxes { get; init; }

    /// <summary>Why there are no sandboxes, repeated in the 503 of <c>/run_code</c>.</summary>
    public string? SandboxUnavailableReason { get; init; }

    /// <summary>
    /// Images used by <c>/run_code</c> per SandboxFusion language. Default: <c>python</c> and <c>cpp</c> (Debian's
    /// g++, <c>-std=c++17</c>) on <c>rlvr/python:latest</c>. Other languages are answered 400 naming <c>$.language</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> RunCodeImages { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["python"] = "rlvr/python:latest", ["cpp"] = "rlvr/python:latest" };

    /// <summary>
    /// Bytes of stdout and of stderr <c>/run_code</c> keeps per step; beyond it the output is cut and the answer's
    /// <c>message</c> says so. Default 8 MiB (SandboxFusion reads 1 MiB).
    /// </summary>
    public int RunCodeOutputLimitBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Sandbox pool gauges (e.g. <c>idle</c>, <c>busy</c>) exported by <c>/metrics</c> as <c>rlvr_sandbox_pool{state}</c>.</summary>
    public Func<IReadOnlyDictionary<string, double>>? SandboxGauges { get; init; }

    /// <summary>
    /// A score cache shared by every request (and, on a shared store, by every replica): an item already scored by the
    /// same environment version is answered from it. <see langword="null"/> (the default) scores every item.
    /// </summary>
    public Rlvr.Core.Scoring.IScoreCache? Cache { get; init; }

    /// <summary>
    /// Asked on each <c>/readyz</c>: <see langword="null"/> when the host can take work, else why not (for example "no
    /// sandbox engine answers"). <see langword="null"/> (the default) means ready whenever not draining.
    /// </summary>
    public Func<string?>? ReadinessCheck { get; init; }

    /// <summary>More gauges for <c>/metrics</c>, read on each scrape (for example each sandbox engine's state).</summary>
    public Func<IEnumerable<MetricSample>>? ExtraGauges { get; init; }

    /// <summary>Episodes live at once over OpenEnv and NeMo-Gym sessions (each may hold a sandbox). Default 16; beyond it a new one is refused as busy.</summary>
    public int MaxEpisodeSessions { get; init; } = 16;

    /// <summary>An episode session without any request for this long is closed and its sandbox released. Default 5 minutes.</summary>
    public TimeSpan EpisodeIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// This replica's name among the servers behind one load balancer (letters, digits and <c>-</c>, at most 63). When
    /// set, the episode session ids this server issues start with it and a dot (<c>a.3f2c…</c>) so a proxy can route
    /// each session to its replica by the id's prefix, every response carries it in <c>X-Rlvr-Replica</c>, and a
    /// request naming a session another replica issued is answered 421 naming both replicas. Default
    /// <see langword="null"/>: plain ids, no check.
    /// </summary>
    public string? ReplicaId { get; init; }

    /// <summary>Deadline of one reset or step of an episode. Default 5 minutes.</summary>
    public TimeSpan EpisodeStepTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Tests host the same pipeline in memory (TestServer) to drive it with many requests without sockets.</summary>
    internal Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? ConfigureWebHost { get; init; }

    /// <summary>Logging set-up; none (silent) by default.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Whether <paramref name="id"/> can be a <see cref="ReplicaId"/>: 1 to 63 ASCII letters, digits or '-'.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidReplicaId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length is > 0 and <= 63 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
    }

    internal void Validate()
    {
        if (Environments.Count == 0)
        {
            throw new ArgumentException("At least one environment is needed.", nameof(Environments));
        }

        if (DefaultEnvironment is not null && !Environments.Any(e => string.Equals(e.Name, DefaultEnvironment, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"The default environment '{DefaultEnvironment}' is not served.", nameof(DefaultEnvironment));
        }

        if (ReplicaId is not null && !IsValidReplicaId(ReplicaId))
        {
            throw new ArgumentException($"The replica id '{ReplicaId}' must be 1 to 63 letters, digits or '-'.", nameof(ReplicaId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1, nameof(QueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1, nameof(MaxRequestBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInflightPerClient ?? 1, 1, nameof(MaxInflightPerClient));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSandboxesPerClient ?? 1, 1, nameof(MaxSandboxesPerClient));
        if (RequestTimeout <= TimeSpan.Zero || ShutdownTimeout < TimeSpan.Zero || RetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "Timeouts must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(RunCodeOutputLimitBytes, 1, nameof(RunCodeOutputLimitBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(RunCodeOutputLimitBytes, 256 * 1024 * 1024, nameof(RunCodeOutputLimitBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEpisodeSessions, 1, nameof(MaxEpisodeSessions));
        if (EpisodeIdleTimeout <= TimeSpan.Zero || EpisodeStepTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(EpisodeIdleTimeout), "Episode timeouts must be positive.");
        }
        if (PromptField is not null && LabelField is null)
        {
            throw new ArgumentException("A prompt field only applies to labels wrapped with a label field.", nameof(PromptField));
        }

        if (ProblemRoot is not null && !Directory.Exists(ProblemRoot))
        {
            throw new ArgumentException($"The problem root '{ProblemRoot}' is not a folder.", nameof(ProblemRoot));
        }

        if (BearerToken is { Length: 0 })
        {
            throw new ArgumentException("The bearer token is empty.", nameof(BearerToken));
        }
    }
}
