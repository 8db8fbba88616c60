using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Judging;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Tests.Judging;

/// <summary>
/// Whatever a runner's stdout holds after its header (lone surrogate escapes, cut lines, wrong field types, deep
/// nesting, bad base64, junk bytes), the verifiers return a Scored reward: nothing a candidate can make the judge
/// print throws in the SDK. Frames are generated from a fixed seed, so a failure repeats.
/// </summary>
public class RunnerOutputFuzzTests
{
    private static readonly string[] Fragments =
    [
        "\"\\ud800\"", "\"\\udfff\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"x\\uzzzz\"", "\"\\\\\"", "null", "true", "1e999", "-0",
        "123456789012345678901234567890", "{\"i\": \"12\"}", "{\"i\": \"1x\"}", "{\"f\": \"nan\"}", "{\"f\": \"1e999\"}",
        "{\"t\": [\"\\ud800\"]}", "{\"d\": [[\"\\udfff\", 1]]}", "{\"d\": [1]}", "{\"b\": \"!!\"}", "{\"s\": {}}",
        "{\"c\": [\"1\"]}", "{}", "[]", "{\"zz\": 1}", "\"\"",
    ];

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(0, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task FunctionVerifier_FuzzedFrames_ScoredNeverThrows(int seed)
    {
        var random = new Random(seed);
        var problem = new PythonFunctionProblem
        {
            Id = "fuzz",
            Prompt = "p",
            EntryPoint = "f",
            Reference = "def f(x):\n    return x\n",
            Tests = string.Empty,
            Cases = [.. Enumerable.Range(0, 5).Select(i => new PythonFunctionCase([JsonSerializer.SerializeToElement(i)], JsonSerializer.SerializeToElement(i)))],
        };
        var provider = new FrameSandboxProvider(_ => Frames(random, "function", 5, FunctionRecord));

        var reward = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\ndef f(x):\n    return x\n```", new ScoringContext("fuzz-" + seed, sandboxes: provider));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.InRange(reward.Value, 0.0, 1.0);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task StdioVerifier_FuzzedFrames_ScoredNeverThrows(int seed)
    {
        var random = new Random(seed);
        var problem = new StdioProblem { Id = "fuzz", Prompt = "p", Tests = [.. Enumerable.Range(0, 5).Select(i => new StdioTest(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture)))] };
        var provider = new FrameSandboxProvider(_ => Frames(random, "stdio", 5, StdioRecord));

        var reward = await new StdioVerifier().ScoreAsync(problem, "```python\nprint(input())\n```", new ScoringContext("fuzz-" + seed, sandboxes: provider));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.InRange(reward.Value, 0.0, 1.0);
    }

    [Fact]
    public void GetString_LoneSurrogateEscapes_KeepTheCodeUnits()
    {
        // Built in code: xunit's test-case serialisation would replace lone surrogates in attribute data.
        var cases = new (string Json, string Expected)[]
        {
            ("\"\\ud800\"", new string((char)0xD800, 1)),
            ("\"a\\udfffb\"", "a" + (char)0xDFFF + "b"),
            ("\"\\ud83d\\ude00\\n\\\"\"", "\ud83d\ude00\n\""),
        };

        foreach (var (json, expected) in cases)
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(expected, LenientJson.GetString(document.RootElement));
        }
    }

    [Fact]
    public void Decode_TupleNestedSixtyDeep_DecodesFromARunnerLine()
    {
        // A 60-deep tuple is 120 JSON levels: past JsonDocument's default of 64, which once dropped the record and
        // reported a runtime error instead of comparing the value.
        string value = string.Concat(Enumerable.Repeat("{\"t\": [", 60)) + "{\"i\": \"1\"}" + string.Concat(Enumerable.Repeat("]}", 60));
        string stdout = "{\"runner\": \"function\", \"tests\": 1}\n{\"id\": \"t0\", \"status\": \"ok\", \"value\": " + value + "}\n{\"done\": true}\n";
        var exec = new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes(stdout) };

        var output = RunnerOutput.Parse(exec);

        Assert.True(output.Records.ContainsKey("t0"));
        Assert.True(PyValueCodec.TryDecode(output.Records["t0"].GetProperty("value"), out var decoded, out string? error), error);
        Assert.Equal(PyKind.Tuple, decoded.Kind);
    }

    private static ExecResult Frames(Random random, string runner, int tests, Func<Random, string> record)
    {
        var text = new StringBuilder();
        text.Append("{\"runner\": \"").Append(runner).Append("\", \"tests\": ").Append(tests).Append("}\n");
        foreach (int i in Enumerable.Range(0, tests).OrderBy(_ => random.Next()))
        {
            string line = "{\"id\": \"t" + i + "\", " + record(random) + "}";
            text.Append(random.Next(8) switch
            {
                0 => line[..random.Next(line.Length)],
                1 => line.Replace("\"", string.Empty, StringComparison.Ordinal),
                2 => "{\"id\": " + Pick(random) + ", " + record(random) + "}",
                _ => line,
            }).Append('\n');
        }

        if (random.Next(2) == 0)
        {
            text.Append("{\"done\": true}\n");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(4) == 0)
        {
            bytes = [.. bytes, 0xED, 0xA0, 0x80, 0xFF, (byte)'\n'];
        }

        return new ExecResult { ExitCode = random.Next(3) == 0 ? null : 0, Stdout = bytes, TimedOut = random.Next(5) == 0 };
    }

    private static string FunctionRecord(Random random) => random.Next(6) switch
    {
        0 => "\"status\": \"ok\", \"value\": " + Nest(random, Pick(random)) + ", \"ms\": " + Pick(random),
        1 => "\"status\": " + Pick(random) + ", \"error\": " + Pick(random),
        2 => "\"status\": \"error\", \"error\": \"SyntaxError\\ud800\"",
        3 => "\"status\": \"ok\", \"value\": [" + Pick(random) + ", " + Pick(random) + "]",
        4 => "\"status\": \"budget\", \"ms\": 0",
        _ => "\"status\": \"skipped\"",
    };

    private static string StdioRecord(Random random) => random.Next(5) switch
    {
        0 => "\"status\": \"exited\", \"stdout\": \"" + Convert.ToBase64String(Encoding.UTF8.GetBytes("0")) + "\"",
        1 => "\"status\": \"exited\", \"stdout\": " + Pick(random),
        2 => "\"status\": \"exited\", \"stdout\": \"!!not base64\"",
        3 => "\"status\": " + Pick(random) + ", \"exit\": " + Pick(random) + ", \"signal\": " + Pick(random),
        _ => "\"status\": \"skipped\"",
    };

    private static string Pick(Random random) => Fragments[random.Next(Fragments.Length)];

    private static string Nest(Random random, string inner)
    {
        int depth = random.Next(4) == 0 ? random.Next(60, 400) : random.Next(3);
        return string.Concat(Enumerable.Repeat("{\"t\": [", depth)) + inner + string.Concat(Enumerable.Repeat("]}", depth));
    }
}
