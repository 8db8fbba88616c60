using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- code [--workers N]`: the 164 HumanEval canonical
/// solutions, in the same run, (a) as the reference harness program (prompt + solution + test + check) in a new
/// container per sample, (b) through the code/humaneval verifier on the warm pool (fresh process per test, SDK-side
/// comparison, extended tests), (c) as the reference harness program in a bare host process, and (d) through the
/// verifier with a new container per sandbox acquisition. Same number of concurrent workers everywhere.
/// </summary>
public static class CodeThroughputHarness
{
    private const string Image = "rlvr/code-python:latest";

    public static async Task<int> RunAsync(string[] args)
    {
        int workers = Option(args, "--workers", 4);
        var paths = Rlvr.Core.Data.Datasets.DataLocations.Find(CodeDatasets.HumanEval)
            ?? throw new InvalidOperationException(Rlvr.Core.Data.Datasets.DataLocations.MissingMessage(CodeDatasets.HumanEval));
        var problems = paths.SelectMany(FunctionDatasets.ReadHumanEval).ToList();
        var verifier = new PythonFunctionVerifier();
        var spec = new SandboxSpec(Image);
        var c = CultureInfo.InvariantCulture;

        // Warm pool, plans: the planner runs once per task (cached); measured but separate from scoring.
        await using var warm = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = workers, MaxContainers = workers + 2, MaxUsesPerContainer = 1000 } });
        await warm.WarmUpAsync(spec);
        var planning = await TimeAsync(problems, workers, p => ScoreAsync(verifier, p, warm));
        await HostAsync(problems.Take(workers * 2).ToList(), workers);

        var cold = await ColdContainerAsync(problems, workers);
        var pooled = await TimeAsync(problems, workers, p => ScoreAsync(verifier, p, warm));
        var host = await HostAsync(problems, workers);
        Measurement verifierCold;
        await using (var coldProvider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = workers, MaxUsesPerContainer = 1 } }))
        {
            verifierCold = await TimeAsync(problems, workers, p => ScoreAsync(verifier, p, coldProvider));
        }

        Console.WriteLine(string.Create(c, $"{problems.Count} HumanEval canonical solutions, {workers} workers, {Environment.ProcessorCount} cores, load average at end: {LoadAverage()}"));
        Console.WriteLine();
        Console.WriteLine("| path | samples/s | wall (s) | mean latency (ms) | p95 (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, m) in new[]
        {
            ("(a) harness program, new container per sample", cold),
            ("(b) code/humaneval verifier, warm pool", pooled),
            ("(c) harness program, bare host process", host),
            ("(d) code/humaneval verifier, new container per acquisition", verifierCold),
            ("planning pass (once per task, warm pool)", planning),
        })
        {
            Console.WriteLine(string.Create(c, $"| {name} | {m.Throughput:0.0} | {m.Wall:0.0} | {m.Mean:0} | {m.P95:0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(c, $"(b)/(a) throughput: {pooled.Throughput / cold.Throughput:0.00}x (goal >= 10x)"));
        Console.WriteLine(string.Create(c, $"(b)/(c) time: {pooled.Wall / host.Wall:0.00}x (goal <= 1.5x)"));
        return 0;
    }

    private static async Task ScoreAsync(PythonFunctionVerifier verifier, PythonFunctionProblem problem, ISandboxProvider provider)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var reward = await verifier.ScoreAsync(problem, problem.Reference[problem.PromptCode.Length..], new ScoringContext(problem.Id, deadline.Token, sandboxes: provider));
        if (reward.Value != 1.0)
        {
            throw new InvalidOperationException($"{problem.Id}: canonical solution scored {reward}");
        }
    }

    private static string HarnessProgram(PythonFunctionProblem p) => p.Reference + "\n" + p.Tests + "\n" + "check(" + p.EntryPoint + ")\n";

    private static Task<Measurement> HostAsync(List<PythonFunctionProblem> problems, int workers) =>
        TimeAsync(problems, workers, async p =>
        {
            var (code, stderr) = await RunAsync("python3", ["-"], HarnessProgram(p));
            if (code != 0)
            {
                throw new InvalidOperationException($"{p.Id} failed on the host: {stderr}");
            }
        });

    private static Task<Measurement> ColdContainerAsync(List<PythonFunctionProblem> problems, int workers) =>
        TimeAsync(problems, workers, async p =>
        {
            var (code, stderr) = await RunAsync("docker", ["run", "--rm", "-i", "--network", "none", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--user", "65534:65534", "--memory", "512m", "--pids-limit", "128", "--label", "rlvr.bench=code", Image, "python3", "-"], HarnessProgram(p));
            if (code != 0)
            {
                throw new InvalidOperationException($"{p.Id} failed in a new container: {stderr}");
            }
        });

    private static async Task<(int Code, string Stderr)> RunAsync(string file, string[] args, string stdin)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException(file + " did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        await stdout;
        return (process.ExitCode, await stderr);
    }

    private static async Task<Measurement> TimeAsync(List<PythonFunctionProblem> problems, int workers, Func<PythonFunctionProblem, Task> run)
    {
        var latencies = new double[problems.Count];
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, problems.Count), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (i, _) =>
        {
            var sw = Stopwatch.StartNew();
            await run(problems[i]);
            latencies[i] = sw.Elapsed.TotalMilliseconds;
        });
        double wall = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Measurement(problems.Count / wall, wall, latencies.Average(), latencies[(int)(latencies.Length * 0.95)]);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
    }

    private sealed record Measurement(double Throughput, double Wall, double Mean, double P95);
}
