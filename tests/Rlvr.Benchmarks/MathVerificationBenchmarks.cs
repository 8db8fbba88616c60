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

    /// <summary><c>$RLVR_TEST_DATA_DIR/math/&lt;name&gt;</c> (scripts/test.sh and docs/benchmarks.md say how it is set).</summary>
    internal static string SharedPath(string name) =>
        System.Environment.GetEnvironmentVariable("RLVR_TEST_DATA_DIR") is { Length: > 0 } dir
            ? Path.Combine(dir, "math", name)
            : throw new InvalidOperationException("RLVR_TEST_DATA_DIR is not set: point it at the benchmark data folder (the one holding math/ and code/).");
}
