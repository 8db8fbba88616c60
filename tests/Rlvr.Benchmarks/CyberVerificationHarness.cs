using System.Diagnostics;
using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Patch;
using Rlvr.Environments.Cyber.Poc;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project tests/Rlvr.Benchmarks -- cyber [--iterations N] [--unprivileged] [--debian]`: wall time of one PoC
/// verification of each bundled challenge's reference PoC (with `--debian`, of each Debian challenge: real packages, built by their scripts) through the real verifier and Docker sandboxes — the first
/// one (builds and reference checks included), then with both builds cached, at k = 3 and k = 1 runs per build —
/// plus a cached reference-patch verification with the hidden inputs (scaled variants and fuzz, default budget) and
/// without the fuzz (`FuzzInputs = 0`, scaled variants only) — the difference is the fuzz's cost — against a baseline measured in the same run: one sandbox lease with
/// one exec of the run launcher's interpreter (`python3 -I -S -c pass`). Prints a Markdown table.
/// </summary>
public static class CyberVerificationHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        int at = Array.IndexOf(args, "--iterations");
        int iterations = at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 5;

        // --unprivileged: the run folders are prepared by the sandbox's own user instead of root (see CyberOptions).
        var options = args.Contains("--unprivileged") ? CyberOptions.Default with { PrivilegedUser = null } : CyberOptions.Default;
        var challenges = ChallengeLoader.LoadAll(args.Contains("--debian") ? ChallengeLoader.DebianFolder : ChallengeLoader.DefaultFolder);
        await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 1, MaxContainers = 2 } });
        await provider.WarmUpAsync(options.Spec);

        var baseline = new List<double>();
        for (int i = 0; i < iterations * 4; i++)
        {
            baseline.Add(await TimeAsync(async () =>
            {
                await using var sandbox = await provider.AcquireAsync(options.Spec);
                var result = await sandbox.ExecAsync(new ExecRequest(["python3", "-I", "-S", "-c", "pass"]));
                Check(result.ExitCode == 0, "baseline exec failed: " + result.StderrText);
            }));
        }

        var k3 = new PocVerifier(options with { Runs = 3 });
        var k1 = new PocVerifier(options with { Runs = 1 });
        var patch = new PatchVerifier(options);
        var noFuzz = new PatchVerifier(options with { FuzzInputs = 0 });
        var c = CultureInfo.InvariantCulture;
        double baseMs = Median(baseline);
        Console.WriteLine(string.Create(c, $"{challenges.Count} challenges, {iterations} cached verifications each; {Environment.ProcessorCount} cores; run folders prepared by {options.PrivilegedUser ?? "the sandbox user"}; baseline (lease + one exec) median {baseMs:0} ms"));
        Console.WriteLine();
        Console.WriteLine("| challenge | first PoC verification (s) | cached PoC, k=3 (ms) | ratio | cached PoC, k=1 (ms) | ratio | cached patch (ms) | ratio | cached patch, no fuzz (ms) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var all3 = new List<double>();
        var all1 = new List<double>();
        var allPatch = new List<double>();
        var allNoFuzz = new List<double>();
        foreach (var challenge in challenges)
        {
            var poc = challenge.Pocs[0].Bytes;
            double first = await TimeAsync(() => ExpectOneAsync(k3.VerifyBytesAsync(challenge, poc, Context(provider))));
            var t3 = new List<double>();
            var t1 = new List<double>();
            var tp = new List<double>();
            var tn = new List<double>();
            await ExpectOneAsync(patch.VerifyDiffAsync(challenge, challenge.ReferencePatch, Context(provider)));
            for (int i = 0; i < iterations; i++)
            {
                t3.Add(await TimeAsync(() => ExpectOneAsync(k3.VerifyBytesAsync(challenge, poc, Context(provider)))));
                t1.Add(await TimeAsync(() => ExpectOneAsync(k1.VerifyBytesAsync(challenge, poc, Context(provider)))));
                tp.Add(await TimeAsync(() => ExpectOneAsync(patch.VerifyDiffAsync(challenge, challenge.ReferencePatch, Context(provider)))));
                tn.Add(await TimeAsync(() => ExpectOneAsync(noFuzz.VerifyDiffAsync(challenge, challenge.ReferencePatch, Context(provider)))));
            }

            all3.AddRange(t3);
            all1.AddRange(t1);
            allPatch.AddRange(tp);
            allNoFuzz.AddRange(tn);
            Console.WriteLine(string.Create(c, $"| {challenge.Id} | {first / 1000:0.0} | {Median(t3):0} | {Median(t3) / baseMs:0.0} | {Median(t1):0} | {Median(t1) / baseMs:0.0} | {Median(tp):0} | {Median(tp) / baseMs:0.0} | {Median(tn):0} |"));
        }

        Console.WriteLine(string.Create(c, $"| **all (median)** | | **{Median(all3):0}** | **{Median(all3) / baseMs:0.0}** | **{Median(all1):0}** | **{Median(all1) / baseMs:0.0}** | **{Median(allPatch):0}** | **{Median(allPatch) / baseMs:0.0}** | **{Median(allNoFuzz):0}** |"));
        return 0;
    }

    private static ScoringContext Context(ISandboxProvider provider) => new("bench", sandboxes: provider);

    private static async Task ExpectOneAsync(ValueTask<Reward> scoring)
    {
        var reward = await scoring;
        Check(reward.Value == 1.0, "expected 1, got " + reward);
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        long start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new InvalidOperationException(message);
        }
    }
}
