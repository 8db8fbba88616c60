using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Rlvr.Environments.Math.Tests;

public class PairAgreementTests(ITestOutputHelper output)
{
    internal sealed record Pair(string Id, string Kind, string Gold, string Prediction, bool Expected, bool MathVerify, bool Hendrycks);

    internal static List<Pair> Load()
    {
        var pairs = new List<Pair>();
        foreach (string line in File.ReadLines(MathTestData.MathFile("math_pairs_gsm8k_math500.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            pairs.Add(new Pair(
                r.GetProperty("id").GetString()!,
                r.GetProperty("kind").GetString()!,
                r.GetProperty("gold").GetString()!,
                r.GetProperty("prediction").GetString()!,
                r.GetProperty("expected").GetBoolean(),
                r.GetProperty("math_verify_0_8_0").GetBoolean(),
                r.GetProperty("hendrycks_is_equiv").GetBoolean()));
        }
        return pairs;
    }

    [Fact]
    public void Pairs_AgreementBeatsMathVerifyAndNoPerturbedAnswerPasses()
    {
        var pairs = Load();
        Assert.Equal(4000, pairs.Count);
        int agree = 0;
        int mathVerifyAgree = 0;
        var acceptedPerturbed = new List<string>();
        var report = new StringBuilder();
        foreach (var pair in pairs)
        {
            var verdict = MathVerifier.Verify(pair.Gold, pair.Prediction);
            if (verdict.IsCorrect == pair.Expected)
            {
                agree++;
            }
            else
            {
                report.AppendLine($"{pair.Id}: expected {pair.Expected}, got {verdict.Status} ({verdict.Answer}; {verdict.Detail})");
            }
            if (pair.MathVerify == pair.Expected)
            {
                mathVerifyAgree++;
            }
            if (pair.Kind == "gold_vs_perturbed_boxed" && verdict.IsCorrect && !pair.Hendrycks)
            {
                acceptedPerturbed.Add(pair.Id);
            }
        }
        report.Insert(0, $"agree {agree} / {pairs.Count} (Math-Verify 0.8.0: {mathVerifyAgree}); accepted perturbed that is_equiv rejects: {acceptedPerturbed.Count}\n");
        output.WriteLine(report.ToString());
        if (System.Environment.GetEnvironmentVariable("RLVR_MATH_PAIRS_REPORT") is { Length: > 0 } path)
        {
            File.WriteAllText(path, report.ToString());
        }
        Assert.Empty(acceptedPerturbed);
        Assert.True(agree > mathVerifyAgree, $"agreement {agree} / {pairs.Count} does not beat Math-Verify's {mathVerifyAgree}");
    }
}
