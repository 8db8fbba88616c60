using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Records each item in <see cref="System.Diagnostics.Metrics"/> instruments of the meter <c>Rlvr.Scoring</c>, named
/// and tagged the OpenTelemetry way (lower-case dotted names, UCUM units), so any OpenTelemetry exporter or
/// <c>dotnet-counters</c> reads them: <c>rlvr.scoring.items</c> (counter, <c>{item}</c>), <c>rlvr.scoring.duration</c>
/// (histogram, <c>s</c>), <c>rlvr.scoring.attempts</c> (counter, <c>{attempt}</c>) and <c>rlvr.scoring.reward</c>
/// (histogram of scored values, <c>1</c>); tags <c>rlvr.environment</c>, <c>rlvr.outcome</c>, <c>rlvr.reason</c>,
/// <c>rlvr.from_cache</c>.
/// </summary>
public sealed class MetricsVerifier : DelegatingVerifier
{
    /// <summary>The name of the meter the instruments belong to.</summary>
    public const string MeterName = "Rlvr.Scoring";

    private static readonly Meter SharedMeter = new(MeterName, typeof(MetricsVerifier).Assembly.GetName().Version?.ToString());

    private readonly Counter<long> items;
    private readonly Histogram<double> duration;
    private readonly Counter<long> attempts;
    private readonly Histogram<double> reward;
    private readonly TimeProvider timeProvider;

    /// <summary>Wraps <paramref name="innerVerifier"/> with metrics.</summary>
    /// <param name="innerVerifier">The next verifier.</param>
    /// <param name="meterFactory">Creates the meter (hosts with dependency injection pass theirs); a process-wide meter when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock durations are measured on; the system clock when <see langword="null"/>.</param>
    public MetricsVerifier(IItemVerifier innerVerifier, IMeterFactory? meterFactory = null, TimeProvider? timeProvider = null)
        : base(innerVerifier)
    {
        var meter = meterFactory?.Create(MeterName) ?? SharedMeter;
        items = meter.CreateCounter<long>("rlvr.scoring.items", "{item}", "Items scored, by environment, outcome, reason and whether the cache answered.");
        duration = meter.CreateHistogram<double>("rlvr.scoring.duration", "s", "Time to score one item, retries included.");
        attempts = meter.CreateCounter<long>("rlvr.scoring.attempts", "{attempt}", "Verifier attempts made, by environment.");
        reward = meter.CreateHistogram<double>("rlvr.scoring.reward", "1", "Reward values of scored items, by environment.");
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        long start = timeProvider.GetTimestamp();
        var item = await InnerVerifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
        var env = new KeyValuePair<string, object?>("rlvr.environment", environment.Name);
        var outcome = new KeyValuePair<string, object?>("rlvr.outcome", Data.ScoredItemJson.OutcomeName(item.Reward.Outcome));
        if (items.Enabled)
        {
            var tags = new TagList { env, outcome, { "rlvr.reason", item.Reward.Reason }, { "rlvr.from_cache", item.FromCache } };
            items.Add(1, tags);
        }

        duration.Record(timeProvider.GetElapsedTime(start).TotalSeconds, env, outcome);
        if (item.Attempts > 0)
        {
            attempts.Add(item.Attempts, env);
        }

        if (item.Reward.Outcome == Outcome.Scored)
        {
            reward.Record(item.Reward.Value, env);
        }

        return item;
    }
}
