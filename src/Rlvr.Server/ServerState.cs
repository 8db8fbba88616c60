using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>What the endpoints share: options, environments, the queue, the per-client limits, metrics and the log.</summary>
internal sealed class ServerState(RewardServerOptions options, ScoringEngine engine, ServerMetrics metrics, ILogger logger, ClientLimiter limiter, Rlvr.Core.Sandboxing.ISandboxProvider? sandboxes)
{
    /// <summary>Rounds of request-level re-scoring of <c>infra_error</c> items (each round is itself up to <see cref="ScoringOptions.MaxAttempts"/> engine attempts).</summary>
    private const int MaxInfraRetryRounds = 2;

    private readonly Dictionary<string, IEnvironment> environments =
        options.Environments.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public RewardServerOptions Options => options;

    /// <summary>The one scheduler: admission, shared slots, batch deadlines, the item pipeline (cache included).</summary>
    public ScoringEngine Engine => engine;

    public ServerMetrics Metrics => metrics;

    public ILogger Logger => logger;

    /// <summary>Items in flight and sandboxes held per client.</summary>
    public ClientLimiter Limiter => limiter;

    /// <summary>The operator's sandboxes, their leases counted per client by <see cref="Limiter"/>.</summary>
    public Rlvr.Core.Sandboxing.ISandboxProvider? Sandboxes => sandboxes;

    /// <summary>The live episodes of the OpenEnv and NeMo-Gym session endpoints.</summary>
    public Episodes.EpisodeSessions Episodes { get; } = new(options.MaxEpisodeSessions, options.EpisodeIdleTimeout, TimeProvider.System, sandboxes, logger) { ReplicaId = options.ReplicaId };

    public IEnvironment DefaultEnvironment => options.DefaultEnvironment is { } name ? environments[name] : options.Environments[0];

    public IEnumerable<IEnvironment> Environments => options.Environments;

    /// <summary>The named environment, or 404 naming <paramref name="field"/>.</summary>
    public IEnvironment Environment(string? name, string field)
    {
        if (name is null)
        {
            return DefaultEnvironment;
        }

        return environments.TryGetValue(name, out var environment)
            ? environment
            : throw new RequestException(
                StatusCodes.Status404NotFound,
                field,
                $"unknown environment '{name}'; this server serves: {string.Join(", ", environments.Keys.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Recent scored rewards per sample group, for protocols without a skip.</summary>
    public GroupBaselines Baselines { get; } = new(TimeSpan.FromMinutes(10));

    /// <summary>The deadline of a request of <paramref name="protocol"/>: ours, or earlier when the client gives up sooner.</summary>
    public RequestDeadline StartDeadline(Protocol protocol, HttpContext context)
    {
        var length = options.RequestTimeout;
        if (protocol.ClientTimeout is { } client && client - Protocol.ClientMargin < length)
        {
            length = client - Protocol.ClientMargin;
        }

        return new RequestDeadline(length, options.Scoring.ItemTimeout, context.RequestAborted);
    }

    /// <summary>
    /// Admits a batch (holding it while the queue is full, up to the deadline's hold), scores it, re-scores items that
    /// ended as <c>infra_error</c> while the deadline allows, and releases it. A hold that ends unadmitted throws
    /// <see cref="ServerBusyException"/> with the protocol's busy status.
    /// </summary>
    public async Task<ScoredItem[]> ScoreAsync(
        Protocol protocol,
        IReadOnlyList<(IEnvironment Environment, ScoringRequest Request)> items,
        RequestDeadline deadline)
    {
        if (items.Count > engine.Options.QueueCapacity)
        {
            throw new RequestException(
                StatusCodes.Status413PayloadTooLarge,
                "$",
                $"{items.Count} items exceed the queue capacity of {engine.Options.QueueCapacity}; split the batch.");
        }

        if (!limiter.BatchFits(items.Count))
        {
            throw new RequestException(
                StatusCodes.Status413PayloadTooLarge,
                "$",
                $"{items.Count} items exceed the server's limit of {limiter.MaxItems} items in flight per client; split the batch.");
        }

        var admission = await AdmitAsync(protocol, items.Count, deadline).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        try
        {
            var scored = await engine.ScoreBatchAsync(items, deadline.Token).ConfigureAwait(false);
            int retried = await RetryInfraErrorsAsync(protocol, items, scored, deadline).ConfigureAwait(false);
            for (int i = 0; i < scored.Length; i++)
            {
                metrics.RecordItems(items[i].Environment.Name, [scored[i]]);
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation(
                    "{Endpoint} scored {Count} items in {ElapsedMs:0.0} ms: {Scored} scored, {Unscorable} unscorable, {InfraError} infra_error, {Retried} re-scored after infra_error",
                    protocol.Endpoint,
                    scored.Length,
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                    scored.Count(s => s.Reward.Outcome == Outcome.Scored),
                    scored.Count(s => s.Reward.Outcome == Outcome.Unscorable),
                    scored.Count(s => s.Reward.Outcome == Outcome.InfraError),
                    retried);
            }

            return scored;
        }
        finally
        {
            admission.Dispose();
        }
    }

    /// <summary>
    /// Admits <paramref name="count"/> items of the current client (<see cref="ClientLimiter.Current"/>): first within the
    /// client's own in-flight limit, then within the queue, holding while either is full; throws
    /// <see cref="ServerBusyException"/> with the protocol's busy status when the hold ends. Disposing releases both.
    /// </summary>
    public async Task<IDisposable> AdmitAsync(Protocol protocol, int count, RequestDeadline deadline)
    {
        string client = ClientLimiter.Current ?? "unknown";
        if (!limiter.TryAdmitItems(client, count))
        {
            metrics.RecordClientLimited("inflight_held");
            if (!await limiter.AdmitItemsAsync(client, count, deadline.Hold).ConfigureAwait(false))
            {
                metrics.RecordClientLimited("inflight");
                throw new ServerBusyException(
                    protocol.BusyStatus,
                    $"this client's items in flight stayed at the server's per-client limit ({limiter.MaxItems}) until this request's deadline; retry later.");
            }
        }

        try
        {
            if (!engine.TryAdmit(count))
            {
                metrics.RecordHeld(protocol.Endpoint);
                if (!await engine.AdmitAsync(count, deadline.Hold).ConfigureAwait(false))
                {
                    throw new ServerBusyException(protocol.BusyStatus);
                }
            }
        }
        catch
        {
            limiter.ReleaseItems(client, count);
            throw;
        }

        return new Admission(engine, limiter, client, count);
    }

    /// <summary>
    /// Opens an episode session for the current client, or <see langword="null"/> with <paramref name="busy"/> saying why
    /// when the server's sessions are all in use or the client already holds as many sandboxes as it may (a session
    /// holds one for its life).
    /// </summary>
    public Episodes.EpisodeSession? TryOpenEpisode(string id, IEnvironment environment, string problemId, object problem, out string busy)
    {
        string client = ClientLimiter.Current ?? "unknown";
        if (limiter.SandboxesFull(client))
        {
            metrics.RecordClientLimited("sandboxes");
            busy = $"this client holds {limiter.SandboxesHeld(client)} sandboxes, the server's per-client limit; close an episode or retry later";
            return null;
        }

        busy = $"all {Episodes.Capacity} episode sessions are in use; close one or retry later";
        return Episodes.TryOpen(id, environment, problemId, problem);
    }

    /// <summary>
    /// Scores again, after a short backoff, the items whose every engine attempt ended as <c>infra_error</c>, while the
    /// request's deadline allows (a sandbox restart or a daemon hiccup usually passes within seconds).
    /// </summary>
    private async Task<int> RetryInfraErrorsAsync(
        Protocol protocol,
        IReadOnlyList<(IEnvironment Environment, ScoringRequest Request)> items,
        ScoredItem[] scored,
        RequestDeadline deadline)
    {
        int retried = 0;
        var delay = TimeSpan.FromMilliseconds(250);
        for (int round = 0; round < MaxInfraRetryRounds; round++)
        {
            var failed = Enumerable.Range(0, scored.Length)
                .Where(i => scored[i].Reward.Outcome == Outcome.InfraError && scored[i].Reward.Reason != ServerReasons.RequestTimeout)
                .ToArray();
            if (failed.Length == 0 || deadline.Remaining < delay + delay)
            {
                break;
            }

            try
            {
                await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            metrics.RecordInfraRetries(protocol.Endpoint, failed.Length);
            retried += failed.Length;
            var again = await engine.ScoreBatchAsync([.. failed.Select(i => items[i])], deadline.Token).ConfigureAwait(false);
            for (int k = 0; k < failed.Length; k++)
            {
                // A retry that only ran out of time keeps the first, more telling, failure.
                if (again[k].Reward.Reason != ServerReasons.RequestTimeout || again[k].Reward.Outcome != Outcome.InfraError)
                {
                    scored[failed[k]] = again[k];
                }
            }

            delay += delay;
        }

        return retried;
    }

    /// <summary>The items of one admission, released from the queue and from their client's count when disposed.</summary>
    private sealed class Admission(ScoringEngine engine, ClientLimiter limiter, string client, int count) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                engine.Release(count);
                limiter.ReleaseItems(client, count);
            }
        }
    }
}
