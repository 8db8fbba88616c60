using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Data;

/// <summary>Loads HumanEval and MBPP (JSONL, JSONL.gz or the Hub's Parquet) into function problems.</summary>
public static partial class FunctionDatasets
{
    /// <summary>Reads HumanEval rows: <c>task_id</c>, <c>prompt</c>, <c>canonical_solution</c>, <c>test</c>, <c>entry_point</c>.</summary>
    /// <param name="path">The file.</param>
    public static IEnumerable<PythonFunctionProblem> ReadHumanEval(string path)
    {
        foreach (var row in ReadLines(path))
        {
            string prompt = Get(row, "prompt");
            yield return new PythonFunctionProblem
            {
                Id = Get(row, "task_id"),
                Prompt = "Complete the following Python function. Reply with the whole function in a ```python code block.\n\n```python\n" + prompt + "```\n",
                EntryPoint = Get(row, "entry_point"),
                PromptCode = prompt,
                Reference = prompt + Get(row, "canonical_solution"),
                Tests = Get(row, "test"),
                TestStyle = PythonTestStyle.Check,
            };
        }
    }

    /// <summary>Reads MBPP rows: <c>task_id</c>, <c>text</c>, <c>code</c>, <c>test_list</c>, <c>test_setup_code</c>.</summary>
    /// <param name="path">The file.</param>
    public static IEnumerable<PythonFunctionProblem> ReadMbpp(string path)
    {
        foreach (var row in ReadLines(path))
        {
            string code = NormalizeNewlines(Get(row, "code"));
            var tests = row.GetProperty("test_list").EnumerateArray().Select(t => NormalizeNewlines(t.GetString() ?? string.Empty).Trim()).ToList();
            string entry = FindEntryPoint(code, tests);
            string taskId = row.GetProperty("task_id").ToString();
            yield return new PythonFunctionProblem
            {
                Id = "mbpp/" + taskId,
                Prompt = "You are an expert Python programmer, and here is your task: " + Get(row, "text")
                    + " Your code should pass these tests:\n\n" + string.Join("\n", tests)
                    + "\n\nReply with the code in a ```python code block.\n",
                EntryPoint = entry,
                Reference = code,
                Tests = string.Join("\n", tests) + "\n",
                TestStyle = PythonTestStyle.Module,
                SetupCode = NormalizeNewlines(row.TryGetProperty("test_setup_code", out var setup) ? setup.GetString() ?? string.Empty : string.Empty),
            };
        }
    }

    /// <summary>
    /// Reads the call-based (LeetCode) problems of a LiveCodeBench file, either the Hub's rows or the converted sample's
    /// (see <see cref="CodeDatasets.LiveCodeBench"/>): a <c>class Solution</c> method, each test input one JSON value per
    /// line (one line per argument) and each output a JSON value, as LiveCodeBench's <c>grade_call_based</c> reads them
    /// (lcb_runner/evaluation/testing_util.py, commit 28fef95). Stdin/stdout problems are left out.
    /// </summary>
    /// <param name="path">The file.</param>
    public static IEnumerable<PythonFunctionProblem> ReadLiveCodeBenchCallBased(string path)
    {
        foreach (var problem in LiveCodeBenchRows.Read(path))
        {
            if (problem.FunctionName is null)
            {
                continue;
            }

            List<PythonFunctionCase> Decode() => [.. problem.ReadTests().Select((test, index) => new PythonFunctionCase(
                [.. test.Input.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => ParseJson(line, problem.Location, index))],
                ParseJson(test.Output, problem.Location, index)))];
            yield return new PythonFunctionProblem
            {
                Id = problem.Id,
                Prompt = problem.Prompt,
                EntryPoint = problem.FunctionName,
                SolutionClass = "Solution",
                PromptCode = "from typing import *\nimport collections\nimport heapq\nimport itertools\nimport math\n",
                Reference = string.Empty,
                Tests = string.Empty,
                Cases = new DecodedOnDemand<PythonFunctionCase>(Decode(), Decode),
            };
        }
    }

    /// <summary>The first function called in the tests that the reference defines.</summary>
    /// <param name="code">The reference program.</param>
    /// <param name="tests">The asserts.</param>
    public static string FindEntryPoint(string code, IReadOnlyList<string> tests)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(tests);
        var defined = DefRegex().Matches(code).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        foreach (string test in tests)
        {
            foreach (Match call in CallRegex().Matches(test))
            {
                if (defined.Contains(call.Groups[1].Value))
                {
                    return call.Groups[1].Value;
                }
            }
        }

        return defined.FirstOrDefault() ?? "solution";
    }

    private static JsonElement ParseJson(string text, string location, int test)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new Rlvr.Core.ProblemFormatException($"$.tests[{test}]", $"{location}: test {test}: a call-based value is not JSON: {ex.Message}", ex);
        }
    }

    private static string NormalizeNewlines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string Get(JsonElement row, string name) => row.GetProperty(name).GetString() ?? string.Empty;

    private static IEnumerable<JsonElement> ReadLines(string path) =>
        Rlvr.Core.Data.Datasets.DatasetReader.Read(path).Select(row => row.Value);

    [GeneratedRegex(@"^\s*def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DefRegex();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.CultureInvariant)]
    private static partial Regex CallRegex();
}
