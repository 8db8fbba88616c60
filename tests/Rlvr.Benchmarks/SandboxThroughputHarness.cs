using System.Diagnostics;
using System.Globalization;
using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- sandbox [--workers N] [--runs N] [--cold-runs N]`:
/// one `python3 -c pass` per execution through (a) a new container each time, (b) the warm pool with one
/// `docker exec` per run, (b') the warm pool with the exec agent, (c) a bare host process, in the same run, with the same number of concurrent workers. Prints a Markdown table.
/// </summary>
public static class SandboxThroughputHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int workers = Option(args, "--workers", 4);
        int runs = Option(args, "--runs", 400);
        int coldRuns = Option(args, "--cold-runs", 60);
        var spec = new SandboxSpec(SandboxImages.Python);
        var request = new ExecRequest(["python3", "-c", "pass"]) { Timeout = TimeSpan.FromSeconds(30) };

        // Warm-up of every path (JIT, page cache, image layers), not measured.
        await MeasureHostAsync(workers, workers * 2);
        await using (var warm = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = workers, MaxUsesPerContainer = 1, UseExecAgent = false } }))
        {
            await MeasureSandboxAsync(warm, spec, request, workers, workers);
        }

        var cold = await WithProviderAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = workers, MaxUsesPerContainer = 1, UseExecAgent = false }, spec, request, workers, coldRuns, warmUp: false);
        var pooled = await WithProviderAsync(new SandboxPoolOptions { MinIdle = workers, MaxContainers = workers, MaxUsesPerContainer = 1000, UseExecAgent = false }, spec, request, workers, runs, warmUp: true);
        var agent = await WithProviderAsync(new SandboxPoolOptions { MinIdle = workers, MaxContainers = workers, MaxUsesPerContainer = 1000, UseExecAgent = true }, spec, request, workers, runs, warmUp: true);
        var host = await MeasureHostAsync(workers, runs);

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"workers {workers}, runs: new container {coldRuns}, warm pool {runs}, host {runs} ({HostPython}); {Environment.ProcessorCount} cores; load average before: {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| path | executions/s | mean latency (ms) | p50 (ms) | p95 (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, m) in new[] { ("(a) new container each time", cold), ("(b) warm pool, one exec per run", pooled), ("(b') warm pool with exec agent", agent), ("(c) bare host process", host) })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {m.Throughput:0.0} | {m.Mean:0.0} | {m.P50:0.0} | {m.P95:0.0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"(b)/(a) throughput: {pooled.Throughput / cold.Throughput:0.00}x, (b')/(a): {agent.Throughput / cold.Throughput:0.00}x (target >= 5x)"));
        Console.WriteLine(string.Create(c, $"(c)/(b) throughput: {host.Throughput / pooled.Throughput:0.00}x, (c)/(b'): {host.Throughput / agent.Throughput:0.00}x (target <= 2x)"));
        return 0;
    }

    private static async Task<Measurement> WithProviderAsync(SandboxPoolOptions pool, SandboxSpec spec, ExecRequest request, int workers, int runs, bool warmUp)
    {
        await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = pool });
        if (warmUp)
        {
            await provider.WarmUpAsync(spec);
        }

        return await MeasureSandboxAsync(provider, spec, request, workers, runs);
    }

    private static Task<Measurement> MeasureSandboxAsync(DockerSandboxProvider provider, SandboxSpec spec, ExecRequest request, int workers, int runs) =>
        MeasureAsync(workers, runs, async () =>
        {
            await using var sandbox = await provider.AcquireAsync(spec);
            var result = await sandbox.ExecAsync(request);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"python3 -c pass failed in the sandbox: exit {result.ExitCode}, signal {result.Signal}, {result.StderrText}");
            }
        });

    private static Task<Measurement> MeasureHostAsync(int workers, int runs) =>
        MeasureAsync(workers, runs, async () =>
        {
            using var process = Process.Start(new ProcessStartInfo(HostPython, ["-c", "pass"]) { UseShellExecute = false })
                ?? throw new InvalidOperationException("python3 did not start");
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"python3 -c pass failed on the host: exit {process.ExitCode}");
            }
        });

    /// <summary>
    /// Debian's interpreter, the same build as in the image, when present: a `python3` on PATH may be a version
    /// manager's shim that costs more than the interpreter itself.
    /// </summary>
    private static string HostPython => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private static async Task<Measurement> MeasureAsync(int workers, int runs, Func<Task> once)
    {
        var latencies = new double[runs];
        int next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < runs)
            {
                var clock = Stopwatch.StartNew();
                await once();
                latencies[i] = clock.Elapsed.TotalMilliseconds;
            }
        })));
        double seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Measurement(runs / seconds, latencies.Average(), latencies[runs / 2], latencies[Math.Min(runs - 1, (int)(runs * 0.95))]);
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Measurement(double Throughput, double Mean, double P50, double P95);
}
