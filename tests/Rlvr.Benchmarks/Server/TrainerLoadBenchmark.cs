using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Math;
using Rlvr.Sandbox.Docker;
using Rlvr.Server;

namespace Rlvr.Benchmarks.Server;

/// <summary>
/// Trainer-shaped load through the real protocol paths, C concurrent clients each:
/// <list type="bullet">
/// <item>OpenRLHF (v0.11 <c>SingleTurnAgentExecutor</c>): one <c>/get_reward</c> request per sample, prompt + response
/// as the query (detokenised with other whitespace for every third sample), a numeric or string label, groups of 8
/// samples per prompt, every error retried five times one second apart as OpenRLHF does;</item>
/// <item>verl code (<c>check_correctness</c>): per sample, 8 test cases posted to <c>/run_code</c> at once, retried on
/// 504 only (3 tries, 1 s then 2 s), on real Docker sandboxes (<c>rlvr/python</c>).</item>
/// </list>
/// Checks every sample and case: answered, reward or verdict as expected (lost = no answer after the client's own
/// retries, mis-scored = a wrong reward or a verdict other than the program's). Reports p50/p99 per request.
/// </summary>
public static class TrainerLoadBenchmark
{
    private const int GroupSize = 8;
    private const int CasesPerSample = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        int clients = Arg(args, "--clients", 64);
        int openRlhfSamples = Arg(args, "--openrlhf-samples", 8192);
        int verlSamples = Arg(args, "--verl-samples", 256);
        int concurrency = Arg(args, "--concurrency", Environment.ProcessorCount * 4);
        await using var sandboxes = verlSamples > 0 ? new DockerSandboxProvider() : null;
        await using var server = await RewardServer.StartAsync(new RewardServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Environments = [new MathEnvironment()],
            Scoring = new ScoringOptions { MaxDegreeOfParallelism = concurrency, ItemTimeout = TimeSpan.FromSeconds(30) },
            Sandboxes = sandboxes,
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * CasesPerSample, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = server.Addresses[0], Timeout = TimeSpan.FromSeconds(180) };
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"trainer-load: {clients} clients, {Environment.ProcessorCount} cores, --concurrency {concurrency}"));
        bool ok = true;

        if (openRlhfSamples > 0)
        {
            var r = await RunAsync(clients, openRlhfSamples, i => OpenRlhfSampleAsync(client, i));
            ok &= Report("openrlhf /get_reward", openRlhfSamples, r);
        }

        if (verlSamples > 0)
        {
            var r = await RunAsync(clients, verlSamples, i => VerlSampleAsync(client, i));
            ok &= Report($"verl /run_code ({CasesPerSample} cases per sample)", verlSamples, r);
        }

        string metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        foreach (string line in metrics.Split('\n').Where(l => l.StartsWith("rlvr_held_total", StringComparison.Ordinal) || l.StartsWith("rlvr_rejected_total ", StringComparison.Ordinal) || l.StartsWith("rlvr_infra_retries_total", StringComparison.Ordinal) || l.StartsWith("rlvr_substituted_total", StringComparison.Ordinal)))
        {
            Console.WriteLine("  " + line);
        }

        Console.WriteLine(ok ? "PASS: zero lost, zero mis-scored" : "FAIL");
        return ok ? 0 : 1;
    }

    private static bool Report(string name, int samples, Result r)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"  {name}: {samples} samples in {r.Elapsed.TotalSeconds:0.00} s ({samples / r.Elapsed.TotalSeconds:0} samples/s), request latency p50 {Percentile(r.Latencies, 0.50):0.00} ms, p99 {Percentile(r.Latencies, 0.99):0.00} ms, max {r.Latencies.DefaultIfEmpty().Max():0.00} ms; lost {r.Lost}, mis-scored {r.MisScored}, client retries {r.Retries}"));
        return r.Lost == 0 && r.MisScored == 0;
    }

    private static async Task<Result> RunAsync(int clients, int samples, Func<int, Task<SampleResult>> sample)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        int lost = 0, misScored = 0, retries = 0, next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < samples)
            {
                var s = await sample(i);
                foreach (double l in s.Latencies)
                {
                    latencies.Add(l);
                }

                Interlocked.Add(ref lost, s.Lost);
                Interlocked.Add(ref misScored, s.MisScored);
                Interlocked.Add(ref retries, s.Retries);
            }
        })));
        watch.Stop();
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        return new Result(watch.Elapsed, sorted, lost, misScored, retries);
    }

    private static async Task<SampleResult> OpenRlhfSampleAsync(HttpClient client, int i)
    {
        int group = i / GroupSize;
        int answer = (group * 7919) % 100_003;
        bool correct = i % 3 != 2;
        string prompt = string.Create(CultureInfo.InvariantCulture, $"<|im_start|>user\nExample: 2+2 = \\boxed{{4}}.\nWhat is {group} * 7919 mod 100003?<|im_end|>\n<|im_start|>assistant\n");
        string detokenised = i % 3 == 0 ? prompt.Replace("\n", " \n", StringComparison.Ordinal) : prompt;
        string response = string.Create(CultureInfo.InvariantCulture, $"The answer is \\boxed{{{(correct ? answer : answer + 1)}}}.");
        object label = i % 2 == 0 ? answer : answer.ToString(CultureInfo.InvariantCulture);
        string body = JsonSerializer.Serialize(new { query = new[] { detokenised + response }, prompts = new[] { prompt }, labels = new[] { label } });
        var latencies = new List<double>();
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long start = Stopwatch.GetTimestamp();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var reply = await client.PostAsync(new Uri("/get_reward", UriKind.Relative), content);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (reply.StatusCode == HttpStatusCode.OK)
                {
                    using var json = JsonDocument.Parse(await reply.Content.ReadAsStreamAsync());
                    var rewards = json.RootElement.GetProperty("rewards");
                    bool right = rewards.GetArrayLength() == 1 && rewards[0].GetRawText().Contains('.', StringComparison.Ordinal)
                        && rewards[0].GetDouble() == (correct ? 1.0 : 0.0);
                    return new SampleResult(latencies, 0, right ? 0 : 1, attempt);
                }
            }
            catch (HttpRequestException)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return new SampleResult(latencies, 1, 0, 5);
    }

    private static async Task<SampleResult> VerlSampleAsync(HttpClient client, int i)
    {
        // Even samples solve the task (print twice the input); odd ones print the input plus one.
        bool correct = i % 2 == 0;
        string code = correct ? "print(2 * int(input()))" : "print(int(input()) + 1)";
        var cases = await Task.WhenAll(Enumerable.Range(0, CasesPerSample).Select(async k =>
        {
            int input = (i * CasesPerSample) + k + 2;
            string body = JsonSerializer.Serialize(new { compile_timeout = 10, run_timeout = 10, code, stdin = input.ToString(CultureInfo.InvariantCulture), language = "python", files = new { }, fetch_files = Array.Empty<string>() });
            var latencies = new List<double>();
            for (int attempt = 0; attempt < 3; attempt++)
            {
                long start = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var reply = await client.PostAsync(new Uri("/run_code", UriKind.Relative), content);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (reply.StatusCode == HttpStatusCode.GatewayTimeout)
                {
                    if (attempt < 2)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(attempt + 1));
                    }

                    continue;
                }

                if (reply.StatusCode != HttpStatusCode.OK)
                {
                    break;
                }

                using var json = JsonDocument.Parse(await reply.Content.ReadAsStreamAsync());
                string stdout = json.RootElement.GetProperty("run_result").GetProperty("stdout").GetString() ?? string.Empty;
                bool passed = json.RootElement.GetProperty("status").GetString() == "Success" && stdout.TrimEnd('\n') == (2 * input).ToString(CultureInfo.InvariantCulture);
                return new SampleResult(latencies, 0, passed == correct ? 0 : 1, attempt);
            }

            // verl would count this case as -1.
            return new SampleResult(latencies, 1, 0, 2);
        }));
        return new SampleResult([.. cases.SelectMany(s => s.Latencies)], cases.Sum(s => s.Lost), cases.Sum(s => s.MisScored), cases.Sum(s => s.Retries));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Arg(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record SampleResult(List<double> Latencies, int Lost, int MisScored, int Retries);

    private sealed record Result(TimeSpan Elapsed, double[] Latencies, int Lost, int MisScored, int Retries);
}
