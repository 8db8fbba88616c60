using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Rlvr.Environments.Math;

namespace Rlvr.Benchmarks;

/// <summary>
/// <c>math-pairs --out FILE [--rounds N]</c>: verifies each of the 4000 GSM8K/MATH-500 pairs N times (after one warm-up
/// round) and writes one JSON line per pair (id, kind, verdict, the pair's label, median microseconds). The Python
/// side-by-side script (scripts/math-vs-mathverify.py) runs this and Math-Verify in one run and compares them.
/// </summary>
internal static class MathPairsHarness
{
    public static int Run(string[] args)
    {
        string? output = null;
        int rounds = 5;
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--out")
            {
                output = args[++i];
            }
            else if (args[i] == "--rounds")
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
        }
        if (output is null || rounds < 1)
        {
            Console.Error.WriteLine("usage: math-pairs --out FILE [--rounds N]");
            return 2;
        }
        var pairs = new List<(string Id, string Kind, string Gold, string Prediction, bool Expected)>();
        foreach (string line in File.ReadLines(MathVerificationBenchmarks.SharedPath("math_pairs_gsm8k_math500.jsonl")))
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            var row = doc.RootElement;
            pairs.Add((row.GetProperty("id").GetString()!, row.GetProperty("kind").GetString()!, row.GetProperty("gold").GetString()!,
                row.GetProperty("prediction").GetString()!, row.GetProperty("expected").GetBoolean()));
        }
        foreach (var pair in pairs)
        {
            MathVerifier.Verify(pair.Gold, pair.Prediction); // warm-up: JIT every path once
        }
        var times = new double[rounds];
        using var writer = new StreamWriter(output);
        foreach (var pair in pairs)
        {
            MathVerdict verdict = MathVerifier.Verify(pair.Gold, pair.Prediction);
            for (int r = 0; r < rounds; r++)
            {
                long start = Stopwatch.GetTimestamp();
                verdict = MathVerifier.Verify(pair.Gold, pair.Prediction);
                times[r] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            Array.Sort(times);
            writer.WriteLine(JsonSerializer.Serialize(new
            {
                id = pair.Id,
                kind = pair.Kind,
                expected = pair.Expected,
                correct = verdict.IsCorrect,
                status = verdict.Status.ToString(),
                median_us = times[rounds / 2],
            }));
        }
        Console.WriteLine($"math-pairs: {pairs.Count} pairs x {rounds} rounds written to {output}");
        return 0;
    }
}
