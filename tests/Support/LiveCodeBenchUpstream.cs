using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rlvr.Tests.Support;

/// <summary>
/// Turns the converted LiveCodeBench sample (tests as plain JSON) back into rows of the Hub's
/// <c>livecodebench/code_generation_lite</c> layout, the way LiveCodeBench's loader reads them
/// (<c>lcb_runner/benchmarks/code_generation.py</c>, LiveCodeBench/LiveCodeBench commit 28fef95):
/// <c>question_content</c> and <c>starter_code</c> cut out of the sample's prompt, the first test public as JSON text,
/// the rest private as base64 of zlib of CPython's own <c>pickle.dumps</c> of the JSON text (made by the machine's
/// <c>python3</c>, which <c>scripts/test.sh</c> already needs), and <c>metadata</c> with <c>func_name</c> for
/// call-based rows.
/// </summary>
internal static class LiveCodeBenchUpstream
{
    private const string PickleScript =
        "import base64, json, pickle, sys, zlib\n" +
        "texts = json.load(sys.stdin)\n" +
        "json.dump([base64.b64encode(zlib.compress(pickle.dumps(t))).decode('ascii') for t in texts], sys.stdout)\n";

    /// <summary>base64(zlib(pickle.dumps(text))) for each text, by CPython.</summary>
    public static IReadOnlyList<string> Pickle(IReadOnlyList<string> texts)
    {
        var start = new ProcessStartInfo("python3", ["-c", PickleScript])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(texts));
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException("python3 pickle failed: " + stderr.Result);
        }

        return JsonSerializer.Deserialize<List<string>>(stdout.Result)!;
    }

    /// <summary>The sample's rows in the Hub's layout, one JSON line each.</summary>
    /// <param name="samplePath">The converted sample (<c>livecodebench_sample.jsonl</c>).</param>
    /// <param name="pickledPrivate">Private tests pickled (the Hub's later releases) or as JSON text (release_v1's).</param>
    public static string FromSample(string samplePath, bool pickledPrivate = true)
    {
        var rows = File.ReadLines(samplePath).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var privateTexts = new List<string>();
        var converted = new List<JsonObject>();
        foreach (var row in rows)
        {
            string taskId = row["task_id"]!.GetValue<string>();
            string prompt = row["prompt"]!.GetValue<string>();
            bool callBased = row["judge"]!.GetValue<string>() == "call_based";
            int question = prompt.IndexOf("### Question:\n", StringComparison.Ordinal) + "### Question:\n".Length;
            int format = prompt.LastIndexOf("\n\n### Format:", StringComparison.Ordinal);
            string starter = string.Empty;
            if (callBased)
            {
                int code = prompt.IndexOf("```python\n", format, StringComparison.Ordinal) + "```python\n".Length;
                starter = prompt[code..prompt.LastIndexOf("\n```", StringComparison.Ordinal)];
            }

            var inputs = row["tests"]!["inputs"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var outputs = row["tests"]!["outputs"]!.AsArray().Select(o => o!.GetValue<string>()).ToList();
            var tests = inputs.Zip(outputs, (i, o) => new JsonObject { ["input"] = i, ["output"] = o, ["testtype"] = callBased ? "functional" : "stdin" }).ToList();
            string privateText = new JsonArray([.. tests.Skip(1)]).ToJsonString();
            privateTexts.Add(privateText);
            converted.Add(new JsonObject
            {
                ["question_title"] = taskId,
                ["question_content"] = prompt[question..format],
                ["platform"] = taskId[..taskId.IndexOf('/', StringComparison.Ordinal)],
                ["question_id"] = taskId[(taskId.IndexOf('/', StringComparison.Ordinal) + 1)..],
                ["contest_id"] = "test",
                ["contest_date"] = "2023-05-01T00:00:00",
                ["starter_code"] = starter,
                ["difficulty"] = row["difficulty"]!.GetValue<string>(),
                ["public_test_cases"] = new JsonArray([.. tests.Take(1)]).ToJsonString(),
                ["private_test_cases"] = privateText,
                ["metadata"] = callBased ? new JsonObject { ["func_name"] = row["fn_name"]!.GetValue<string>() }.ToJsonString() : "{}",
            });
        }

        if (pickledPrivate)
        {
            var pickled = Pickle(privateTexts);
            for (int i = 0; i < converted.Count; i++)
            {
                converted[i]["private_test_cases"] = pickled[i];
            }
        }

        return string.Concat(converted.Select(r => r.ToJsonString() + "\n"));
    }
}
