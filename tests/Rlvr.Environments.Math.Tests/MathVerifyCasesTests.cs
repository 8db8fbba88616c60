using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Rlvr.Environments.Math.Tests;

public class MathVerifyCasesTests(ITestOutputHelper output)
{
    internal sealed record CaseResult(string Id, string Source, bool Agrees, string Detail);

    internal static List<CaseResult> RunAll()
    {
        var results = new List<CaseResult>();
        foreach (string line in File.ReadLines(MathTestData.MathFile("math_verify_cases.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            var row = doc.RootElement;
            string id = row.GetProperty("id").GetString()!;
            string source = row.GetProperty("source").GetString()!;
            string kind = row.GetProperty("kind").GetString()!;
            var config = row.GetProperty("config");
            if (kind == "parse")
            {
                results.Add(RunParseCase(id, source, row, config));
                continue;
            }
            string gold = row.GetProperty("gold").GetString()!;
            string prediction = row.GetProperty("prediction").GetString()!;
            bool expected = row.GetProperty("expected").GetBoolean();
            var options = new MathEquivalenceOptions
            {
                FloatRounding = config.TryGetProperty("float_rounding", out var fr) ? fr.GetInt32() : 6,
                Strict = !config.TryGetProperty("strict", out var st) || st.GetBoolean(),
                AllowSetRelationComparison = config.TryGetProperty("allow_set_relation_comp", out var asr) && asr.GetBoolean(),
            };
            var verdict = kind == "sympy_expr_eq"
                ? MathVerifier.Compare(gold, prediction, options)
                : MathVerifier.Verify(gold, prediction, options);
            results.Add(new CaseResult(id, source, verdict.IsCorrect == expected,
                $"expected {expected}, got {verdict.Status} (answer '{verdict.Answer}', {verdict.Detail})"));
        }
        return results;
    }

    private static CaseResult RunParseCase(string id, string source, JsonElement row, JsonElement config)
    {
        // Multiple-choice extraction rows: expected is [letter, raw] or [].
        if (config.TryGetProperty("extraction_config", out var ec) && ec.ValueKind == JsonValueKind.Array
            && ec[0].ValueKind == JsonValueKind.Object)
        {
            var choiceConfig = ec[0];
            var choices = choiceConfig.GetProperty("strings").EnumerateArray().Select(e => e.GetString()!).ToArray();
            bool lower = choiceConfig.GetProperty("lowercase").GetBoolean();
            string? got = ChoiceExtractor.Find(row.GetProperty("prediction").GetString()!, choices);
            var expected = row.GetProperty("expected");
            string? want = expected.GetArrayLength() == 0 ? null : expected[1].GetString();
            bool agrees = string.Equals(got, want, StringComparison.Ordinal)
                && (want is null || string.Equals(expected[0].GetString(), lower ? want.ToLowerInvariant() : want, StringComparison.Ordinal));
            return new CaseResult(id, source, agrees, $"expected {want ?? "none"}, got {got ?? "none"}");
        }
        return new CaseResult(id, source, false, "Math-Verify parse() configuration knob (boxed_match_priority / normalization_config) with no counterpart");
    }

    [Fact]
    public void AllCases_EveryDisagreementIsDocumented()
    {
        var results = RunAll();
        Assert.Equal(305, results.Count);
        var report = new StringBuilder();
        foreach (var group in results.GroupBy(r => r.Source))
        {
            report.AppendLine($"| `{group.Key}` | {group.Count(r => r.Agrees)} / {group.Count()} |");
        }
        report.AppendLine($"| total | {results.Count(r => r.Agrees)} / {results.Count} |");
        foreach (var r in results.Where(r => !r.Agrees))
        {
            report.AppendLine($"{r.Id}: {r.Detail}");
        }
        output.WriteLine(report.ToString());
        if (System.Environment.GetEnvironmentVariable("RLVR_MATH_REPORT") is { Length: > 0 } reportPath)
        {
            File.WriteAllText(reportPath, report.ToString());
        }
        string docs = File.ReadAllText(Path.Combine(MathTestData.RepoRoot, "docs", "math.md"));
        var undocumented = results.Where(r => !r.Agrees && !docs.Contains("`" + r.Id + "`", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        Assert.True(undocumented.Count == 0, "Disagreements with Math-Verify not explained in docs/math.md: " + string.Join(", ", undocumented));
    }
}
