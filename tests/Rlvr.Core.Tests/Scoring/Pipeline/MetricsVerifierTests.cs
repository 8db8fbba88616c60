using System.Diagnostics.Metrics;
using Rlvr.Core.Scoring;
using Rlvr.Core.Scoring.Pipeline;

namespace Rlvr.Core.Tests.Scoring.Pipeline;

public class MetricsVerifierTests
{
    [Fact]
    public async Task ScoreAsync_ScoredAndInfraError_RecordsOpenTelemetryNamedInstruments()
    {
        var env = new DelegateEnvironment((problem, _, _) => new ValueTask<Reward>(
            problem.Id == "p-bad" ? Reward.InfraError(Reasons.SandboxError, "down") : Reward.Scored(0.5, Reasons.Partial)));
        var verifier = new VerifierBuilder(new EnvironmentVerifier()).UseMetrics(new TestMeterFactory()).UseRetry(2, TimeSpan.Zero).Build();
        var measurements = new List<(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MetricsVerifier.MeterName && instrument.Meter.Tags?.Any(t => t.Key == "test") == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        listener.Start();

        await verifier.ScoreAsync(env, new ScoringRequest("good", new QaProblem("p-good", "q", "a"), "x"));
        await verifier.ScoreAsync(env, new ScoringRequest("bad", new QaProblem("p-bad", "q", "a"), "x"));

        var items = measurements.Where(m => m.Instrument == "rlvr.scoring.items").ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("{item}", items[0].Unit);
        Assert.Equal(["scored", "infra_error"], items.Select(m => (string?)m.Tags["rlvr.outcome"]));
        Assert.Equal(["partial", "sandbox_error"], items.Select(m => (string?)m.Tags["rlvr.reason"]));
        Assert.All(items, m => Assert.Equal("test/delegate", m.Tags["rlvr.environment"]));
        Assert.Equal([1.0, 2.0], measurements.Where(m => m.Instrument == "rlvr.scoring.attempts").Select(m => m.Value));
        Assert.Equal([0.5], measurements.Where(m => m.Instrument == "rlvr.scoring.reward").Select(m => m.Value));
        Assert.Equal("s", measurements.First(m => m.Instrument == "rlvr.scoring.duration").Unit);

        void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, instrument.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        }
    }

    /// <summary>Creates meters tagged so this test's listener ignores instruments of other tests running in parallel.</summary>
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = [new("test", Guid.NewGuid().ToString())], Scope = this });
            meters.Add(meter);
            return meter;
        }

        public void Dispose() => meters.ForEach(m => m.Dispose());
    }
}
