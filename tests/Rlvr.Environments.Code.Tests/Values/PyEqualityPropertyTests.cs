using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Tests.Values;

/// <summary>
/// <see cref="PyEquality"/> against real Python: a seeded generator makes pairs of tagged values (ints of any size,
/// floats with infinities, bools, strings, lists, tuples, sets, dicts, OrderedDicts in either order), the machine's
/// python3 computes <c>a == b</c> and <c>math.isclose(a, b)</c> once for all of them (an exception, such as
/// OverflowError for <c>isclose(10**400, inf)</c>, counts as a failed test), and every answer must match. This is
/// trusted test code: no candidate runs here. NaN is left out (the documented difference: NaN equals NaN here).
/// </summary>
public class PyEqualityPropertyTests
{
    private const int Pairs = 3000;

    private const string Oracle = """
        import json, math, sys
        sys.path.insert(0, sys.argv[1])
        import rlvr_codec
        out = []
        for line in sys.stdin:
            a, b = json.loads(line)
            a, b = rlvr_codec.decode(a), rlvr_codec.decode(b)
            try:
                eq = bool(a == b)
            except Exception:
                eq = False
            try:
                close = bool(math.isclose(a, b))
            except Exception:
                close = False
            try:
                near = bool(abs(a - b) < 0.5)
            except Exception:
                near = False
            out.append([eq, close, near])
        json.dump(out, sys.stdout)
        """;

    [Fact]
    public void AreEqualAndIsClose_RandomPairs_MatchPython()
    {
        var random = new Random(20261206);
        var pairs = new List<(string A, string B)>(Pairs);
        for (int i = 0; i < Pairs; i++)
        {
            string a = Value(random, 0);
            string b = random.Next(3) == 0 ? Mutate(random, a) : random.Next(2) == 0 ? a : Value(random, 0);
            pairs.Add((a, b));
        }

        var answers = RunPython(pairs);

        var mismatches = new List<string>();
        for (int i = 0; i < pairs.Count; i++)
        {
            var a = PyValueCodec.Decode(JsonDocument.Parse(pairs[i].A).RootElement);
            var b = PyValueCodec.Decode(JsonDocument.Parse(pairs[i].B).RootElement);
            bool eq = PyEquality.AreEqual(a, b);
            bool close = PyEquality.IsClose(a, b, 1e-9, 0.0, strict: false);
            bool near = PyEquality.IsClose(a, b, null, 0.5, strict: true);
            if (eq != answers[i][0] || close != answers[i][1] || near != answers[i][2])
            {
                mismatches.Add($"{pairs[i].A} vs {pairs[i].B}: python ==, isclose, abs<0.5 = {answers[i][0]}, {answers[i][1]}, {answers[i][2]}; ours {eq}, {close}, {near}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(20)));
    }

    private static List<bool[]> RunPython(List<(string A, string B)> pairs)
    {
        string judge = Path.Combine(TestPaths.RepoRoot, "environments", "images", "code-python", "judge");
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Oracle);
        start.ArgumentList.Add(judge);
        using var process = Process.Start(start)!;
        var input = new StringBuilder();
        foreach (var (a, b) in pairs)
        {
            input.Append('[').Append(a).Append(',').Append(b).Append("]\n");
        }

        var reading = process.StandardOutput.ReadToEndAsync();
        process.StandardInput.Write(input.ToString());
        process.StandardInput.Close();
        string output = reading.GetAwaiter().GetResult();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
        return JsonSerializer.Deserialize<List<bool[]>>(output)!;
    }

    private static string Value(Random random, int depth)
    {
        int kind = depth >= 2 ? random.Next(5) : random.Next(11);
        return kind switch
        {
            0 => Int(random),
            1 => Float(random),
            2 => random.Next(2) == 0 ? "true" : "false",
            3 => "\"" + (char)('a' + random.Next(3)) + "\"",
            4 => random.Next(4) == 0 ? "null" : Int(random),
            5 => "[" + Items(random, depth) + "]",
            6 => "{\"t\": [" + Items(random, depth) + "]}",
            7 => "{\"s\": [" + Keys(random) + "]}",
            8 => "{\"fs\": [" + Keys(random) + "]}",
            9 => "{\"d\": [" + Entries(random, depth) + "]}",
            _ => "{\"od\": [" + Entries(random, depth) + "]}",
        };
    }

    private static string Int(Random random) => random.Next(6) switch
    {
        0 => "{\"i\": \"1" + new string('0', 300 + random.Next(200)) + "\"}",
        1 => "{\"i\": \"-1" + new string('0', 400) + "\"}",
        2 => "{\"i\": \"" + (1L << 53).ToString(CultureInfo.InvariantCulture) + "\"}",
        _ => "{\"i\": \"" + random.Next(-3, 4).ToString(CultureInfo.InvariantCulture) + "\"}",
    };

    private static string Float(Random random) => random.Next(6) switch
    {
        0 => "{\"f\": \"inf\"}",
        1 => "{\"f\": \"-inf\"}",
        2 => "{\"f\": \"1e308\"}",
        3 => "{\"f\": \"9007199254740992.0\"}",
        _ => "{\"f\": \"" + (random.Next(-3, 4) + (random.Next(2) == 0 ? 0.0 : 1e-10)).ToString("R", CultureInfo.InvariantCulture) + "\"}",
    };

    private static string Items(Random random, int depth) =>
        string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(_ => Value(random, depth + 1)));

    private static string Keys(Random random) =>
        string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(_ => "{\"i\": \"" + random.Next(3).ToString(CultureInfo.InvariantCulture) + "\"}").Distinct());

    private static string Entries(Random random, int depth) =>
        string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(i => "[\"" + (char)('a' + i) + "\", " + Value(random, depth + 1) + "]").OrderBy(_ => random.Next()));

    /// <summary>The same value with its dicts' entries reversed, or the kind of dict swapped (dict and OrderedDict).</summary>
    private static string Mutate(Random random, string value) => random.Next(3) switch
    {
        0 => value.Replace("{\"od\":", "{\"d\":", StringComparison.Ordinal),
        1 => value.Replace("{\"d\":", "{\"od\":", StringComparison.Ordinal),
        _ => Reverse(System.Text.Json.Nodes.JsonNode.Parse(value))?.ToJsonString() ?? "null",
    };

    private static System.Text.Json.Nodes.JsonNode? Reverse(System.Text.Json.Nodes.JsonNode? node)
    {
        if (node is System.Text.Json.Nodes.JsonObject obj && (obj.ContainsKey("d") || obj.ContainsKey("od")))
        {
            string tag = obj.ContainsKey("d") ? "d" : "od";
            var entries = obj[tag]!.AsArray().Select(e => e!.DeepClone()).Reverse().ToArray();
            return new System.Text.Json.Nodes.JsonObject { [tag] = new System.Text.Json.Nodes.JsonArray(entries) };
        }

        return node?.DeepClone();
    }
}
