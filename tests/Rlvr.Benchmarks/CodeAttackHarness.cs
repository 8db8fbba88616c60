using System.Diagnostics;
using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Code;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Benchmarks;

/// <summary>
/// Costs of hostile samples, each through the scoring engine with the default options (the default item deadline):
/// <list type="bullet">
/// <item><c>-- code-slow</c>: wall time and outcome of one HumanEval/0 sample per slow candidate (sleeps just under
/// every test's limit; spins ignoring SIGTERM; stops its own process group). Run it on two commits to compare.</item>
/// <item><c>-- code-flood [--tests N] [--kib K] [--partial] [--checker]</c>: one stdin/stdout sample whose program prints K KiB
/// (default 1000) on each of N tests (default 151) of a problem whose answers are one line (with <c>--partial</c>,
/// partial credit, so every test runs instead of stopping at the first failure; with <c>--checker</c>, the problem
/// has a checker, so every output also goes to the checker's sandbox); prints the process's peak resident
/// memory (VmHWM) before and after scoring and the bytes allocated. Run it in a fresh process per configuration.</item>
/// </list>
/// </summary>
public static class CodeAttackHarness
{
    private const string Correct = "    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n";

    public static async Task<int> RunSlowAsync()
    {
        var paths = Rlvr.Core.Data.Datasets.DataLocations.Find(CodeDatasets.HumanEval)
            ?? throw new InvalidOperationException(Rlvr.Core.Data.Datasets.DataLocations.MissingMessage(CodeDatasets.HumanEval));
        var problem = paths.SelectMany(FunctionDatasets.ReadHumanEval).First(p => p.Id == "HumanEval/0");
        await using var sandboxes = new DockerSandboxProvider();
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, sandboxes);
        var environment = new HumanEvalEnvironment();
        // Plans once, so the rows below time the candidate only.
        await engine.ScoreOneAsync(environment, new ScoringRequest("warm", problem, Correct));
        Console.WriteLine("| candidate | outcome | reason | wall (s) |");
        Console.WriteLine("| --- | --- | --- | ---: |");
        foreach (var (name, body) in new[]
        {
            ("sleeps 5.7 s per test, answers right", "    import time\n    time.sleep(5.7)\n" + Correct),
            ("spins, SIGTERM ignored", "    import signal\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    while True:\n        pass\n"),
            ("stops its own process group", "    import os, signal\n    os.killpg(0, signal.SIGSTOP)\n" + Correct),
        })
        {
            var watch = Stopwatch.StartNew();
            var item = await engine.ScoreOneAsync(environment, new ScoringRequest(name, problem, body));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {item.Reward.Outcome} | {item.Reward.Reason} | {watch.Elapsed.TotalSeconds:0.0} |"));
        }

        return 0;
    }

    public static async Task<int> RunFloodAsync(string[] args)
    {
        int tests = Option(args, "--tests", 151);
        int kib = Option(args, "--kib", 1000);
        var problem = new StdioProblem
        {
            Id = "flood",
            Prompt = "Print the number you read.",
            Tests = [.. Enumerable.Range(0, tests).Select(i => new StdioTest(i.ToString(CultureInfo.InvariantCulture) + "\n", i.ToString(CultureInfo.InvariantCulture) + "\n"))],
            Checker = args.Contains("--checker") ? "def check(input, output, answer):\n    return output.split() == answer.split()\n" : null,
        };
        string program = $"import sys\nsys.stdout.write('x' * ({kib} * 1024 - 2) + '\\n')\n";
        await using var sandboxes = new DockerSandboxProvider();
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, sandboxes);
        long peakBefore = PeakResidentBytes();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var environment = new StdioEnvironment(args.Contains("--partial") ? new CodeOptions { PartialCredit = true } : null);
        var item = await engine.ScoreOneAsync(environment, new ScoringRequest("flood", problem, "```python\n" + program + "```"));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tests} tests x {kib} KiB{(problem.Checker is null ? string.Empty : " with a checker")}: {item.Reward.Outcome} {item.Reward.Reason} in {watch.Elapsed.TotalSeconds:0.0} s; peak RSS {peakBefore / 1048576} MiB before, {PeakResidentBytes() / 1048576} MiB after; {allocated / 1048576} MiB allocated while scoring"));
        return 0;
    }

    private static long PeakResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int value) ? value : fallback;
    }
}
