using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>What the endpoints share: options, environments, the queue, metrics and the log.</summary>
internal sealed class ServerState(RewardServerOptions options, ScoringQueue queue, ServerMetrics metrics, ILogger logger)
{
    private readonly Dictionary<string, IEnvironment> environments =
        options.Environments.ToDictionary(e => e.Name, StringComparer.Ordinal);

    public RewardServerOptions Options => options;

    public ScoringQueue Queue => queue;

    public ServerMetrics Metrics => metrics;

    public ILogger Logger => logger;

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

    /// <summary>Admits, scores under the request deadline, and releases a batch; 429 when the queue cannot take it.</summary>
    public async Task<ScoredItem[]> ScoreAsync(
        string endpoint,
        IReadOnlyList<(IEnvironment Environment, ScoringRequest Request)> items,
        HttpContext context)
    {
        if (items.Count > queue.Capacity)
        {
            throw new RequestException(
                StatusCodes.Status413PayloadTooLarge,
                "$",
                $"{items.Count} items exceed the queue capacity of {queue.Capacity}; split the batch.");
        }

        if (!queue.TryAdmit(items.Count))
        {
            throw new QueueFullException();
        }

        long start = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            deadline.CancelAfter(options.RequestTimeout);
            var scored = await queue.ScoreAsync(items, deadline.Token).ConfigureAwait(false);
            for (int i = 0; i < scored.Length; i++)
            {
                metrics.RecordItems(items[i].Environment.Name, [scored[i]]);
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation(
                    "{Endpoint} scored {Count} items in {ElapsedMs:0.0} ms: {Scored} scored, {Unscorable} unscorable, {InfraError} infra_error",
                    endpoint,
                    scored.Length,
                    Stopwatch.GetElapsedTime(start).TotalMilliseconds,
                    scored.Count(s => s.Reward.Outcome == Outcome.Scored),
                    scored.Count(s => s.Reward.Outcome == Outcome.Unscorable),
                    scored.Count(s => s.Reward.Outcome == Outcome.InfraError));
            }

            return scored;
        }
        finally
        {
            queue.Release(items.Count);
        }
    }
}
