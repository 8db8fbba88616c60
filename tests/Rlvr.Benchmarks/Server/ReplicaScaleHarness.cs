using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rlvr.Tests.Support;

namespace Rlvr.Benchmarks.Server;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- replicas [--requests N] [--batch N] [--clients N]`:
/// math scoring through Debian's nginx (on loopback) in front of (a) one `rlvr serve` replica, (b) two replicas,
/// (c) two replicas with one killed (SIGKILL, a crash) a third of the way in, all in one run with the same requests.
/// The replicas are the built tool (src/Rlvr.Cli/bin/{Release,Debug}/net10.0/rlvr.dll) with `--no-sandbox`; nginx
/// has the upstream settings of docs/scale-out.md (a refused or broken attempt retried on the other replica). Every
/// answer is checked (each id once, the right reward). Failover is the time from the kill to the last request that
/// was in flight at the kill being answered, and the worst request latency. On one machine the replicas share its
/// cores, so (b)/(a) shows the overhead of a second process behind a proxy, not a speed-up. Prints a Markdown table.
/// </summary>
public static class ReplicaScaleHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int requests = Option(args, "--requests", 4000);
        int batch = Option(args, "--batch", 8);
        int clients = Option(args, "--clients", 32);
        string root = FindRoot();
        // The most recently built tool (a stale Release build beside a fresh Debug one would measure old code).
        string cli = new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "src", "Rlvr.Cli", "bin", c, "net10.0", "rlvr.dll"))
            .Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new InvalidOperationException("build the CLI first: dotnet build src/Rlvr.Cli -c Release");
        if (!File.Exists(NginxFront.Nginx))
        {
            throw new InvalidOperationException("nginx is not installed: bash scripts/install-packages.sh nginx-light");
        }

        string load = File.ReadAllText("/proc/loadavg").Trim();
        var one = await MeasureAsync(cli, 1, requests, batch, clients, killAt: null);
        var two = await MeasureAsync(cli, 2, requests, batch, clients, killAt: null);
        var killed = await MeasureAsync(cli, 2, requests, batch, clients, killAt: requests / 3);

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{requests} requests of {batch} math items, {clients} clients, {Environment.ProcessorCount} cores, tool {cli}; load average before: {load}"));
        Console.WriteLine();
        Console.WriteLine("| replicas | items/s | p50 (ms) | p99 (ms) | max (ms) | failed | wrong | failover (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, m) in new[] { ("(a) one", one), ("(b) two", two), ("(c) two, one killed", killed) })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {m.Throughput:0} | {m.P50:0.0} | {m.P99:0.0} | {m.Max:0.0} | {m.Failed} | {m.Wrong} | {(m.Failover is { } f ? f.ToString("0.00", c) : "-")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"(b)/(a) throughput: {two.Throughput / one.Throughput:0.00}x; (c)/(b): {killed.Throughput / two.Throughput:0.00}x"));
        Console.WriteLine("Engine failover (sandbox engines, not replicas): dotnet run -c Release --project tests/Rlvr.Benchmarks -- engines");
        return one.Failed + two.Failed + killed.Failed + one.Wrong + two.Wrong + killed.Wrong == 0 ? 0 : 1;
    }

    private static async Task<Measurement> MeasureAsync(string cli, int replicas, int requests, int batch, int clients, int? killAt)
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-bench-replicas-");
        var processes = new List<Process>();
        try
        {
            var ports = new List<int>();
            for (int r = 0; r < replicas; r++)
            {
                int port = FreePort();
                ports.Add(port);
                processes.Add(await StartReplicaAsync(cli, port, "r" + r.ToString(CultureInfo.InvariantCulture)));
            }

            int front = FreePort();
            processes.Add(await NginxFront.StartAsync(dir.FullName, front, ports));

            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{front.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(120) };

            // Warm-up (JIT, connections), not measured.
            await Parallel.ForEachAsync(Enumerable.Range(0, clients * 4), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, ct) =>
            {
                using var response = await client.PostAsync(new Uri("/v1/score", UriKind.Relative), Body("warm", i, batch), ct);
            });

            var latencies = new ConcurrentBag<double>();
            var seen = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
            int failed = 0, wrong = 0, started = 0;
            long killedAt = 0;
            var inFlightAtKill = new ConcurrentDictionary<int, byte>();
            long lastInFlightDone = 0;
            var running = new ConcurrentDictionary<int, byte>();
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, ct) =>
            {
                if (Interlocked.Increment(ref started) == killAt)
                {
                    foreach (int r in running.Keys)
                    {
                        inFlightAtKill.TryAdd(r, 0);
                    }

                    Interlocked.Exchange(ref killedAt, clock.ElapsedTicks);
                    processes[1].Kill();
                }

                running.TryAdd(i, 0);
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync(new Uri("/v1/score", UriKind.Relative), Body("load", i, batch), ct);
                    string text = await response.Content.ReadAsStringAsync(ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failed);
                        return;
                    }

                    using var json = JsonDocument.Parse(text);
                    foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
                    {
                        string id = result.GetProperty("id").GetString()!;
                        int item = int.Parse(id.Split('-')[^1], CultureInfo.InvariantCulture);
                        if (!seen.TryAdd(id, 0) || result.GetProperty("reward").GetDouble() != (Correct(i, item) ? 1.0 : 0.0))
                        {
                            Interlocked.Increment(ref wrong);
                        }
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
                finally
                {
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    running.TryRemove(i, out _);
                    if (inFlightAtKill.ContainsKey(i))
                    {
                        long now = clock.ElapsedTicks;
                        long previous;
                        do
                        {
                            previous = Interlocked.Read(ref lastInFlightDone);
                        }
                        while (now > previous && Interlocked.CompareExchange(ref lastInFlightDone, now, previous) != previous);
                    }
                }
            });
            double seconds = clock.Elapsed.TotalSeconds;
            if (seen.Count != requests * batch)
            {
                wrong += requests * batch - seen.Count;
            }

            var sorted = latencies.Order().ToArray();
            double? failover = killAt is null ? null : Math.Max(0, lastInFlightDone - killedAt) / (double)Stopwatch.Frequency;
            return new Measurement(
                requests * batch / seconds,
                sorted[sorted.Length / 2],
                sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))],
                sorted[^1],
                failed,
                wrong,
                failover);
        }
        finally
        {
            await LocalProcesses.StopAllAsync(processes);
            dir.Delete(recursive: true);
        }
    }

    private static bool Correct(int request, int item) => (request + item) % 2 == 0;

    private static StringContent Body(string prefix, int request, int count)
    {
        var items = Enumerable.Range(0, count).Select(j =>
        {
            int a = 1000 + request;
            int b = 7 * j + 3;
            int answer = Correct(request, j) ? a + b : a + b + 1;
            return new
            {
                id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{request}-{j}"),
                problem = new { question = string.Create(CultureInfo.InvariantCulture, $"What is {a}+{b}?"), answer = (a + b).ToString(CultureInfo.InvariantCulture) },
                completion = string.Create(CultureInfo.InvariantCulture, $"The sum is \\boxed{{{answer}}}"),
            };
        }).ToList();
        return new StringContent(JsonSerializer.Serialize(new { env = "math", items }), Encoding.UTF8, "application/json");
    }

    private static async Task<Process> StartReplicaAsync(string cli, int port, string id)
    {
        var process = LocalProcesses.Start("dotnet", cli, "serve", "--env", "math", "--no-sandbox", "--replica-id", id, "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        await LocalProcesses.WaitListeningAsync(port, "rlvr serve", TimeSpan.FromSeconds(60));
        return process;
    }

    private static int FreePort() => LocalProcesses.FreePort();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Environments.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Environments.sln not found above " + AppContext.BaseDirectory);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Measurement(double Throughput, double P50, double P99, double Max, int Failed, int Wrong, double? Failover);
}
