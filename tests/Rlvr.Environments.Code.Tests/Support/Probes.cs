using System.Text.Json;

namespace Rlvr.Environments.Code.Tests.Support;

internal sealed record Probe(string Id, string Target, string Format, string Kind, string Code, double ExpectedReward)
{
    public static IReadOnlyList<Probe> Load()
    {
        var probes = new List<Probe>();
        foreach (string line in File.ReadLines(TestPaths.Shared("reward_hack_probes.jsonl")))
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var row = JsonDocument.Parse(line).RootElement;
            string code = row.TryGetProperty("code", out var c)
                ? c.GetString()!
                : string.Join("\n", row.GetProperty("files").EnumerateObject().Select(f => f.Value.GetString()));
            probes.Add(new Probe(
                row.GetProperty("id").GetString()!,
                row.GetProperty("target").GetString()!,
                row.GetProperty("format").GetString()!,
                row.GetProperty("kind").GetString()!,
                code,
                row.GetProperty("expected_reward").GetDouble()));
        }

        return probes;
    }
}
