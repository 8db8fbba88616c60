using System.Text.Json;

namespace Rlvr.Environments.Math.Tests;

public class HendrycksCasesTests
{
    /// <summary>Hendrycks compares "10, 4, -2" as a string; we compare answer lists as sets (docs/math.md).</summary>
    private static readonly HashSet<string> OrderCases = ["hendrycks-02", "hendrycks-09"];

    [Fact]
    public void Compare_HendrycksIsEquivCases_AgreeExceptListOrder()
    {
        var disagreements = new List<string>();
        int rows = 0;
        foreach (string line in File.ReadLines(MathTestData.MathFile("hendrycks_is_equiv_cases.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            rows++;
            var verdict = MathVerifier.Compare(r.GetProperty("gold").GetString()!, r.GetProperty("prediction").GetString()!);
            if (verdict.IsCorrect != r.GetProperty("expected").GetBoolean())
            {
                disagreements.Add(r.GetProperty("id").GetString()!);
            }
        }

        Assert.Equal(16, rows);
        Assert.Equal(OrderCases.Order(), disagreements.Order());
    }
}
