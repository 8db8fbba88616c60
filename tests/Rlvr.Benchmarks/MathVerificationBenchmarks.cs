using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Rlvr.Environments.Math;

namespace Rlvr.Benchmarks;

/// <summary>
/// One verification = parse the reference + find and parse the completion's final answer + compare, the unit
/// Math-Verify's 1.56 ms median is measured in. Each invocation verifies all 4000 GSM8K/MATH-500 pairs
/// (OperationsPerInvoke = 4000), so the reported mean is the time per verification.
/// </summary>
[MemoryDiagnoser]
public class MathVerificationBenchmarks
{
    private (string Gold, string Prediction)[] pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        string path = SharedPath("math_pairs_gsm8k_math500.jsonl");
        var list = new List<(string, string)>();
        foreach (string line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            list.Add((doc.RootElement.GetProperty("gold").GetString()!, doc.RootElement.GetProperty("prediction").GetString()!));
        }
        pairs = [.. list];
    }

    /// <summary>Prints the per-verification latency distribution (median, p99, worst) into the benchmark log.</summary>
    [GlobalCleanup]
    public void Cleanup() => MathVerificationLatency.Run(rounds: 5);

    [Benchmark(OperationsPerInvoke = 4000)]
    public int VerifyAllPairs()
    {
        int correct = 0;
        foreach (var (gold, prediction) in pairs)
        {
            if (MathVerifier.Verify(gold, prediction).IsCorrect)
            {
                correct++;
            }
        }
        return correct;
    }

    internal static string SharedPath(string name)
    {
        if (System.Environment.GetEnvironmentVariable("RLVR_SHARED_DIR") is { Length: > 0 } shared)
        {
            return Path.Combine(shared, "benchmarks", "math", name);
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "benchmarks", "math", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
            dir = dir.Parent;
        }
        throw new FileNotFoundException($"shared/benchmarks/math/{name} not found above {AppContext.BaseDirectory}; set RLVR_SHARED_DIR.");
    }
}
