using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Math;
using Rlvr.Server;

namespace Rlvr.Benchmarks.Server;

/// <summary>
/// Load test of the reward server on loopback: N math scoring requests over C concurrent connections; checks that
/// every id is answered exactly once with the expected reward; reports requests/s and p50/p99 latency, and the
/// same items scored in-process by the engine as the baseline.
/// </summary>
public static class ServerLoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int requests = Arg(args, "--requests", 20_000);
        int connections = Arg(args, "--connections", 64);
        int batch = Arg(args, "--batch", 1);
        var environment = new MathEnvironment();
        var scoring = new ScoringOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 4, ItemTimeout = TimeSpan.FromSeconds(30) };

        // Baseline: the same items through the engine in-process (no HTTP, no JSON).
        var baselineItems = Enumerable.Range(0, requests).Select(i => new ScoringRequest(Id(i), new MathProblem { Question = Question(i), Answer = Answer(i) }, Completion.FromText(CompletionFor(i)))).ToList();
        var engine = new ScoringEngine(scoring);
        await engine.ScoreAsync(environment, baselineItems.Take(1000).ToList());
        var baselineWatch = Stopwatch.StartNew();
        var baseline = await engine.ScoreAsync(environment, baselineItems);
        baselineWatch.Stop();
        int baselineWrong = baseline.Count(s => s.Reward.Value != Expected(int.Parse(s.Id.AsSpan(2), CultureInfo.InvariantCulture)));

        await using var server = await RewardServer.StartAsync(new RewardServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Environments = [environment],
            Scoring = scoring,
            QueueCapacity = Math.Max(4096, connections * batch * 2),
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.Addresses[0], Timeout = TimeSpan.FromSeconds(120) };

        await RunLoadAsync(client, Math.Min(2000, requests), connections, batch, idOffset: 1_000_000);
        var result = await RunLoadAsync(client, requests, connections, batch, idOffset: 0);
        string metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        int rejected = (int)double.Parse(metrics.Split('\n').First(l => l.StartsWith("rlvr_rejected_total ", StringComparison.Ordinal)).Split(' ')[1], CultureInfo.InvariantCulture);

        var c = CultureInfo.InvariantCulture;
        double httpRate = requests / result.Elapsed.TotalSeconds;
        double baselineRate = requests / baselineWatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(c, $"server-load: {requests} items in requests of {batch}, {connections} connections, {Environment.ProcessorCount} cores, engine parallelism {scoring.MaxDegreeOfParallelism}"));
        Console.WriteLine(string.Create(c, $"  http        {result.Elapsed.TotalSeconds:0.00} s, {httpRate:0} items/s ({httpRate / batch:0} requests/s), request latency p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms, max {result.Max:0.00} ms"));
        Console.WriteLine(string.Create(c, $"  in-process  {baselineWatch.Elapsed.TotalSeconds:0.00} s, {baselineRate:0} items/s (engine only, no HTTP/JSON)"));
        Console.WriteLine(string.Create(c, $"  ratio       http / in-process = {httpRate / baselineRate:0.000}"));
        Console.WriteLine(string.Create(c, $"  check       answered {result.Answered}/{requests}, missing {result.Missing}, duplicated {result.Duplicated}, wrong reward {result.WrongReward}, non-200 {result.Failed}, 429 retried {rejected}, baseline wrong {baselineWrong}"));
        bool ok = result.Answered == requests && result.Missing == 0 && result.Duplicated == 0 && result.WrongReward == 0 && result.Failed == 0 && baselineWrong == 0;
        Console.WriteLine(ok ? "  PASS: every id answered once with the expected reward" : "  FAIL");
        return ok ? 0 : 1;
    }

    private static async Task<LoadResult> RunLoadAsync(HttpClient client, int requests, int connections, int batch, int idOffset)
    {
        int batches = (requests + batch - 1) / batch;
        var latencies = new double[batches];
        var answered = new int[requests];
        int wrongReward = 0, failed = 0, unknown = 0, next = -1;
        var watch = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                int first = b * batch, count = Math.Min(batch, requests - first);
                var body = new StringBuilder("{\"items\":[");
                for (int i = first; i < first + count; i++)
                {
                    body.Append(i == first ? string.Empty : ",")
                        .Append(CultureInfo.InvariantCulture, $"{{\"id\":\"{Id(i + idOffset)}\",\"env\":\"math\",\"problem\":{{\"question\":\"{Question(i)}\",\"answer\":\"{Answer(i)}\"}},\"completion\":{JsonSerializer.Serialize(CompletionFor(i))}}}");
                }

                body.Append("]}");
                long start = Stopwatch.GetTimestamp();
                HttpResponseMessage response;
                while (true)
                {
                    using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
                    response = await client.PostAsync(new Uri("/v1/score", UriKind.Relative), content);
                    if (response.StatusCode != HttpStatusCode.TooManyRequests)
                    {
                        break;
                    }

                    response.Dispose();
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                }

                using (response)
                {
                    latencies[b] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failed);
                        continue;
                    }

                    using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    foreach (var r in json.RootElement.GetProperty("results").EnumerateArray())
                    {
                        int i = int.Parse(r.GetProperty("id").GetString().AsSpan(2), CultureInfo.InvariantCulture) - idOffset;
                        if (i < first || i >= first + count)
                        {
                            Interlocked.Increment(ref unknown);
                            continue;
                        }

                        Interlocked.Increment(ref answered[i]);
                        if (r.GetProperty("reward").GetDouble() != Expected(i) || r.GetProperty("outcome").GetString() != "scored")
                        {
                            Interlocked.Increment(ref wrongReward);
                        }
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(WorkerAsync)));
        watch.Stop();
        Array.Sort(latencies);
        return new LoadResult(
            watch.Elapsed,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            latencies[^1],
            answered.Count(n => n >= 1),
            answered.Count(n => n == 0),
            answered.Count(n => n > 1) + unknown,
            wrongReward,
            failed);
    }

    private static string Id(int i) => "q-" + i.ToString(CultureInfo.InvariantCulture);

    private static string Question(int i) => string.Create(CultureInfo.InvariantCulture, $"What is {i} * 7919 mod 100003?");

    private static string Answer(int i) => ((i * 7919) % 100_003).ToString(CultureInfo.InvariantCulture);

    /// <summary>Two thirds correct, one third off by one; some with thinking and thousands separators.</summary>
    private static string CompletionFor(int i)
    {
        long value = ((i * 7919) % 100_003) + (i % 3 == 2 ? 1 : 0);
        string shown = i % 5 == 0 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
        return i % 4 == 0
            ? $"<think>maybe \\boxed{{{value + 10}}}</think>Step by step, the answer is \\boxed{{{shown}}}."
            : $"We add the numbers and get \\boxed{{{shown}}}.";
    }

    private static double Expected(int i) => i % 3 == 2 ? 0.0 : 1.0;

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record LoadResult(TimeSpan Elapsed, double P50, double P99, double Max, int Answered, int Missing, int Duplicated, int WrongReward, int Failed);
}
