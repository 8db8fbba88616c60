using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>What the endpoints share: options, environments, the queue, metrics and the log.</summary>
internal sealed class ServerState(RewardServerOptions options, ScoringQueue queue, ServerMetrics metrics, ILogger logger)
{
    /// <summary>Rounds of request-level re-scoring of <c>infra_error</c> items (each round is itself up to <see cref="ScoringOptions.MaxAttempts"/> engine attempts).</summary>
    private const int MaxInfraRetryRounds = 2;

    private readonly Dictionary<string, IEnvironment> environments =
        options.Environments.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public RewardServerOptions Options => options;

    public ScoringQueue Queue => queue;

    public ServerMetrics Metrics => metrics;

    public ILogger Logger => logger;

    /// <summary>The live episodes of the OpenEnv and NeMo-Gym session endpoints.</summary>
    public Episodes.EpisodeSessions Episodes { get; } = new(options.MaxEpisodeSessions, options.EpisodeIdleTimeout, TimeProvider.System, options.Sandboxes, logger);

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
        if (items.Count > queue.Capacity)
        {
            throw new RequestException(
                StatusCodes.Status413PayloadTooLarge,
                "$",
                $"{items.Count} items exceed the queue capacity of {queue.Capacity}; split the batch.");
        }

        await AdmitAsync(protocol, items.Count, deadline).ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        try
        {
            var scored = await queue.ScoreAsync(items, deadline.Token).ConfigureAwait(false);
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
            queue.Release(items.Count);
        }
    }

    /// <summary>Admits <paramref name="count"/> items, holding while the queue is full; throws <see cref="ServerBusyException"/> when the hold ends.</summary>
    public async Task AdmitAsync(Protocol protocol, int count, RequestDeadline deadline)
    {
        if (queue.TryAdmit(count))
        {
            return;
        }

        metrics.RecordHeld(protocol.Endpoint);
        if (!await queue.AdmitAsync(count, deadline.Hold).ConfigureAwait(false))
        {
            throw new ServerBusyException(protocol.BusyStatus);
        }
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
            var again = await queue.ScoreAsync([.. failed.Select(i => items[i])], deadline.Token).ConfigureAwait(false);
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
}
