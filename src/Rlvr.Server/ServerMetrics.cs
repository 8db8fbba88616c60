using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>Counters and a latency histogram, exported in the Prometheus text format by <c>/metrics</c>.</summary>
internal sealed class ServerMetrics
{
    private static readonly double[] Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly ConcurrentDictionary<(string Endpoint, int Status), long> requests = new();
    private readonly ConcurrentDictionary<string, Histogram> latency = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Environment, string Outcome, string Reason), long> items = new();
    private readonly ConcurrentDictionary<string, long> held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> infraRetries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Endpoint, string Outcome, string With), long> substituted = new();
    private readonly ConcurrentDictionary<string, long> fromCache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> clientLimited = new(StringComparer.Ordinal);
    private long rejected;

    /// <summary>
    /// The metric label for a request path: a served endpoint's own path, anything else <c>other</c>, so clients cannot
    /// grow the label set (and the server's memory) by inventing paths.
    /// </summary>
    public static string EndpointLabel(PathString path) =>
        path.Value is "/v1/score" or "/get_reward" or "/verify" or "/seed_session" or "/aggregate_metrics" or "/run_code" or "/healthz" or "/metrics"
            or "/health" or "/metadata" or "/schema" or "/reset" or "/step" or "/state" or "/close" or "/ws" ? path.Value : "other";

    public void RecordRequest(string endpoint, int status, TimeSpan elapsed)
    {
        requests.AddOrUpdate((endpoint, status), 1, static (_, n) => n + 1);
        latency.GetOrAdd(endpoint, static _ => new Histogram(Buckets.Length)).Observe(elapsed.TotalSeconds);
        if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout)
        {
            Interlocked.Increment(ref rejected);
        }
    }

    /// <summary>A request that found the queue full and waited for admission.</summary>
    public void RecordHeld(string endpoint) => held.AddOrUpdate(endpoint, 1, static (_, n) => n + 1);

    /// <summary>A per-client limit met, by reason (see <c>rlvr_client_limited_total</c>).</summary>
    public void RecordClientLimited(string reason) => clientLimited.AddOrUpdate(reason, 1, static (_, n) => n + 1);

    /// <summary>Items scored again because every attempt ended as <c>infra_error</c>.</summary>
    public void RecordInfraRetries(string endpoint, int count) => infraRetries.AddOrUpdate(endpoint, count, (_, n) => n + count);

    /// <summary>A non-scored item answered, in a protocol without a skip, with <paramref name="with"/> (<c>group_mean</c> or <c>zero</c>).</summary>
    public void RecordSubstituted(string endpoint, string outcome, string with) =>
        substituted.AddOrUpdate((endpoint, outcome, with), 1, static (_, n) => n + 1);

    public void RecordItems(string environment, IEnumerable<ScoredItem> scored)
    {
        foreach (var item in scored)
        {
            items.AddOrUpdate((environment, ScoredItemJson.OutcomeName(item.Reward.Outcome), item.Reward.Reason), 1, static (_, n) => n + 1);
            if (item.FromCache)
            {
                fromCache.AddOrUpdate(environment, 1, static (_, n) => n + 1);
            }
        }
    }

    public string Render(Rlvr.Core.Scoring.ScoringEngine queue, Func<IReadOnlyDictionary<string, double>>? sandboxGauges, Func<IEnumerable<MetricSample>>? extraGauges = null, ClientLimiter? limiter = null)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# HELP rlvr_requests_total HTTP requests by endpoint and status code.");
        text.AppendLine("# TYPE rlvr_requests_total counter");
        foreach (var ((endpoint, status), n) in requests.OrderBy(p => p.Key.Endpoint, StringComparer.Ordinal).ThenBy(p => p.Key.Status))
        {
            text.AppendLine(c, $"rlvr_requests_total{{endpoint=\"{Escape(endpoint)}\",status=\"{status}\"}} {n}");
        }

        text.AppendLine("# HELP rlvr_request_duration_seconds Request latency by endpoint.");
        text.AppendLine("# TYPE rlvr_request_duration_seconds histogram");
        foreach (var (endpoint, histogram) in latency.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Render(text, "rlvr_request_duration_seconds", $"endpoint=\"{Escape(endpoint)}\"");
        }

        AppendCounter(text, "rlvr_items_from_cache_total", "Items answered from the score cache, by environment.", "env", fromCache);

        text.AppendLine("# HELP rlvr_items_total Scored items by environment, outcome and reason.");
        text.AppendLine("# TYPE rlvr_items_total counter");
        foreach (var ((environment, outcome, reason), n) in items.OrderBy(p => p.Key.Environment, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal).ThenBy(p => p.Key.Reason, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"rlvr_items_total{{env=\"{Escape(environment)}\",outcome=\"{outcome}\",reason=\"{Escape(reason)}\"}} {n}");
        }

        text.AppendLine("# HELP rlvr_queue_items Items admitted (queued or running).");
        text.AppendLine("# TYPE rlvr_queue_items gauge");
        text.AppendLine(c, $"rlvr_queue_items {queue.Admitted}");
        text.AppendLine("# HELP rlvr_queue_capacity Items that may be admitted at once.");
        text.AppendLine("# TYPE rlvr_queue_capacity gauge");
        text.AppendLine(c, $"rlvr_queue_capacity {queue.Options.QueueCapacity}");
        text.AppendLine("# HELP rlvr_items_running Items being scored now.");
        text.AppendLine("# TYPE rlvr_items_running gauge");
        text.AppendLine(c, $"rlvr_items_running {queue.Running}");
        AppendCounter(text, "rlvr_held_total", "Requests that found the queue full and waited for admission.", "endpoint", held);
        AppendCounter(text, "rlvr_infra_retries_total", "Items scored again within the request deadline after infra_error.", "endpoint", infraRetries);

        text.AppendLine("# HELP rlvr_substituted_total Non-scored items answered in a protocol without a skip, by what they were answered with.");
        text.AppendLine("# TYPE rlvr_substituted_total counter");
        foreach (var ((endpoint, outcome, with), n) in substituted.OrderBy(p => p.Key.Endpoint, StringComparer.Ordinal).ThenBy(p => p.Key.Outcome, StringComparer.Ordinal).ThenBy(p => p.Key.With, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"rlvr_substituted_total{{endpoint=\"{Escape(endpoint)}\",outcome=\"{outcome}\",with=\"{with}\"}} {n}");
        }

        text.AppendLine("# HELP rlvr_rejected_total Requests answered busy (429, 503 or 504) because the queue stayed full or the deadline passed.");
        text.AppendLine("# TYPE rlvr_rejected_total counter");
        text.AppendLine(c, $"rlvr_rejected_total {Interlocked.Read(ref rejected)}");
        AppendCounter(
            text,
            "rlvr_client_limited_total",
            "Per-client limits met: inflight_held (a request waited for its client's own items), inflight (answered busy after that wait), sandboxes (an episode refused as busy).",
            "reason",
            clientLimited);
        if (limiter is not null)
        {
            text.AppendLine("# HELP rlvr_client_sandbox_waits_total Sandbox leases that waited for one of their own client's leases to end.");
            text.AppendLine("# TYPE rlvr_client_sandbox_waits_total counter");
            text.AppendLine(c, $"rlvr_client_sandbox_waits_total {limiter.SandboxWaits}");
            text.AppendLine("# HELP rlvr_clients_active Clients with items in flight or sandboxes held.");
            text.AppendLine("# TYPE rlvr_clients_active gauge");
            text.AppendLine(c, $"rlvr_clients_active {limiter.ActiveClients}");
        }

        if (sandboxGauges is not null)
        {
            text.AppendLine("# HELP rlvr_sandbox_pool Sandbox pool state.");
            text.AppendLine("# TYPE rlvr_sandbox_pool gauge");
            foreach (var (state, value) in sandboxGauges().OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                text.AppendLine(c, $"rlvr_sandbox_pool{{state=\"{Escape(state)}\"}} {value}");
            }
        }

        foreach (var group in (extraGauges?.Invoke() ?? []).GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            text.AppendLine(c, $"# HELP {group.Key} {group.First().Help}");
            text.AppendLine(c, $"# TYPE {group.Key} gauge");
            foreach (var sample in group)
            {
                string labels = string.Join(",", sample.Labels.Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));
                text.Append(group.Key);
                if (labels.Length > 0)
                {
                    text.Append('{').Append(labels).Append('}');
                }

                text.AppendLine(c, $" {sample.Value}");
            }
        }

        return text.ToString();
    }

    /// <summary>One counter with one label, its values in label order.</summary>
    private static void AppendCounter(StringBuilder text, string name, string help, string label, ConcurrentDictionary<string, long> counts)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"# HELP {name} {help}");
        text.AppendLine(CultureInfo.InvariantCulture, $"# TYPE {name} counter");
        foreach (var (value, n) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name}{{{label}=\"{Escape(value)}\"}} {n}");
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Histogram(int bucketCount)
    {
        private readonly long[] counts = new long[bucketCount];
        private long count;
        private long sumMicros;

        public void Observe(double seconds)
        {
            for (int i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    Interlocked.Increment(ref counts[i]);
                    break;
                }
            }

            Interlocked.Increment(ref count);
            Interlocked.Add(ref sumMicros, (long)(seconds * 1e6));
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            var c = CultureInfo.InvariantCulture;
            long cumulative = 0;
            for (int i = 0; i < Buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref counts[i]);
                text.AppendLine(c, $"{name}_bucket{{{labels},le=\"{Buckets[i].ToString(c)}\"}} {cumulative}");
            }

            long total = Interlocked.Read(ref count);
            text.AppendLine(c, $"{name}_bucket{{{labels},le=\"+Inf\"}} {total}");
            text.AppendLine(c, $"{name}_sum{{{labels}}} {(Interlocked.Read(ref sumMicros) / 1e6).ToString(c)}");
            text.AppendLine(c, $"{name}_count{{{labels}}} {total}");
        }
    }
}
