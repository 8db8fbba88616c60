using System.Diagnostics;
using System.Text.Json;
using Rlvr.Environments.Math;

namespace Rlvr.Benchmarks;

/// <summary>
/// Per-verification latency distribution (median, p99, worst) over the 4000 pairs, the figures Math-Verify's
/// README reports; BenchmarkDotNet gives the mean and allocations. Printed by the benchmark's global cleanup.
/// </summary>
internal static class MathVerificationLatency
{
    public static void Run(int rounds)
    {
        var pairs = new List<(string, string)>();
        foreach (string line in File.ReadLines(MathVerificationBenchmarks.SharedPath("math_pairs_gsm8k_math500.jsonl")))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            pairs.Add((doc.RootElement.GetProperty("gold").GetString()!, doc.RootElement.GetProperty("prediction").GetString()!));
        }
        foreach (var (gold, prediction) in pairs)
        {
            MathVerifier.Verify(gold, prediction); // warm-up: JIT every path once
        }
        var samples = new double[pairs.Count * rounds];
        int k = 0;
        for (int r = 0; r < rounds; r++)
        {
            foreach (var (gold, prediction) in pairs)
            {
                long start = Stopwatch.GetTimestamp();
                MathVerifier.Verify(gold, prediction);
                samples[k++] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }
        Array.Sort(samples);
        Console.WriteLine($"// math latency: verifications: {samples.Length}");
        Console.WriteLine($"// math latency: median: {samples[samples.Length / 2]:F2} us");
        Console.WriteLine($"// math latency: p90: {samples[(int)(samples.Length * 0.90)]:F2} us");
        Console.WriteLine($"// math latency: p99: {samples[(int)(samples.Length * 0.99)]:F2} us");
        Console.WriteLine($"// math latency: worst: {samples[^1]:F2} us");
    }
}
