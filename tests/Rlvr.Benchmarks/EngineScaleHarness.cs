using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- engines [--items N] [--workers N]`: a batch of sandboxed
/// items (one short Python command each, scored by the scoring engine) on (a) the local engine alone, (b) the local
/// engine and a second engine on this machine (scripts/start-docker-engine.sh), (c) the same two with the second one
/// killed a third of the way in. On one machine the two engines share its cores, so (b)/(a) shows the cost of
/// spreading, not a speed-up. Prints a Markdown table.
/// </summary>
public static class EngineScaleHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int items = Option(args, "--items", 300);
        int workers = Option(args, "--workers", 4);
        string root = FindRoot();
        var second = new DockerEndpoint(new Uri((await ScriptAsync(root, "bench-engine2")).Trim().Split('\n')[^1]));
        var local = DockerEndpoint.FromEnvironment();
        string load = File.ReadAllText("/proc/loadavg").Trim();

        await MeasureAsync([local], workers, workers * 2, null); // warm-up, not reported
        var one = await MeasureAsync([local], workers, items, null);
        var two = await MeasureAsync([local, second], workers, items, null);
        var failover = await MeasureAsync([local, second], workers, items, items / 3);
        await ScriptAsync(root, "bench-engine2");
        await ScriptAsync(root, "--stop", "bench-engine2");

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{items} items, {workers} workers, {Environment.ProcessorCount} cores; load average before: {load}"));
        Console.WriteLine();
        Console.WriteLine("| engines | items/s | p50 (ms) | p99 (ms) | retried | infra_error | wrong | failover (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, m) in new[] { ("(a) one", one), ("(b) two", two), ("(c) two, second killed", failover) })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {m.Throughput:0.0} | {m.P50:0} | {m.P99:0} | {m.Retried} | {m.Infra} | {m.Wrong} | {(m.Failover is { } f ? f.ToString("0.00", c) : "-")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"(b)/(a) throughput: {two.Throughput / one.Throughput:0.00}x; (c)/(b): {failover.Throughput / two.Throughput:0.00}x"));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(DockerEndpoint[] endpoints, int workers, int items, int? killAt)
    {
        var options = new DockerSandboxOptions
        {
            Endpoints = endpoints,
            Pool = new SandboxPoolOptions { MinIdle = workers, MaxContainers = 2 * workers },
            HealthCheckInterval = TimeSpan.FromMilliseconds(500),
        };
        await using var provider = new DockerSandboxProvider(options);
        await provider.WarmUpAsync(new SandboxSpec(SandboxImages.Python));
        var environment = new DoublingEnvironment(killAt);
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = workers, ItemTimeout = TimeSpan.FromSeconds(60) }, provider);
        var requests = Enumerable.Range(0, items).Select(i => new ScoringRequest(
            i.ToString(CultureInfo.InvariantCulture), new Problem(i), Completion.FromText((2 * i).ToString(CultureInfo.InvariantCulture)))).ToArray();
        var clock = Stopwatch.StartNew();
        var scored = await engine.ScoreAsync(environment, requests);
        double seconds = clock.Elapsed.TotalSeconds;
        var latencies = scored.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
        double? failover = environment.KilledAt is { } killed
            ? scored.Where(s => s.Attempts > 1).Select(s => environment.Finished[s.Id]).DefaultIfEmpty(killed).Max() - killed
            : null;
        return new Measurement(
            items / seconds,
            latencies[latencies.Length / 2],
            latencies[Math.Min(latencies.Length - 1, (int)(latencies.Length * 0.99))],
            scored.Count(s => s.Attempts > 1),
            scored.Count(s => s.Reward.Outcome == Outcome.InfraError),
            scored.Count(s => s.Reward.Outcome == Outcome.Scored && s.Reward.Value != 1.0),
            failover);
    }

    private static async Task<string> ScriptAsync(string root, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(root, "scripts", "start-docker-engine.sh"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException("start-docker-engine.sh failed: " + errors);
    }

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

    private sealed record Measurement(double Throughput, double P50, double P99, int Retried, int Infra, int Wrong, double? Failover);

    private sealed record Problem(int N);

    private sealed class DoublingEnvironment(int? killAt) : Environment<Problem>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int calls;

        public double? KilledAt { get; private set; }

        public ConcurrentDictionary<string, double> Finished { get; } = new(StringComparer.Ordinal);

        public override string Name => "bench-engines";

        public override string Version => "1";

        public override IVerifier<Problem> Rubric => Verifier.Create<Problem>(async (problem, completion, context) =>
        {
            await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec(SandboxImages.Python), context.CancellationToken);
            if (Interlocked.Increment(ref calls) == killAt)
            {
                int pid = int.Parse(File.ReadAllText("/run/rlvr-bench-engine2/docker.pid").Trim(), CultureInfo.InvariantCulture);
                KilledAt = clock.Elapsed.TotalSeconds;
                Process.GetProcessById(pid).Kill();
            }

            var result = await sandbox.ExecAsync(new ExecRequest(["python3", "-c", $"print({problem.N} * 2)"]) { Timeout = TimeSpan.FromSeconds(10) }, context.CancellationToken);
            Finished[problem.N.ToString(CultureInfo.InvariantCulture)] = clock.Elapsed.TotalSeconds;
            return result.StdoutText.Trim() == completion.Text.Trim() ? Reward.Correct() : Reward.Wrong();
        });

        public override string RenderPrompt(Problem problem) => $"Double {problem.N}.";
    }
}
