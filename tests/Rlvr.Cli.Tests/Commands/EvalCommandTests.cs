using System.Text.Json;

namespace Rlvr.Cli.Tests.Commands;

public sealed class EvalCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-cli-").FullName;
    private readonly string assembly = typeof(KeywordEnvironment).Assembly.Location;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Eval_MalformedLines_ReportedWithFileLineField_OtherLinesScoredInOrder()
    {
        string input = Path.Combine(dir, "samples.jsonl");
        string output = Path.Combine(dir, "out", "results.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": "a", "problem_id": "k1", "completion": "<answer>blue</answer>"}""",
            """{"id": "b", "problem_id": "k1", "completion": "<answer>green</answer>"}""",
            """{"id": "c", "problem": {"id": "x", "question": "q", "answer": "red"}, "completion": "<answer>red</answer>"}""",
            """{"id": "d", "problem_id": "k2" "completion": "oops"}""",
            """{"id": "e", "problem_id": "k2"}""",
            "",
            """{"id": "f", "problem_id": "k2", "completion": "<answer>red</answer><answer>blue</answer>"}""",
            """{"id": "a", "problem_id": "k2", "completion": "dup"}""",
        ]);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("samples.jsonl:4: invalid JSON", stderr, StringComparison.Ordinal);
        Assert.Contains("samples.jsonl:5: field '$.completion': missing", stderr, StringComparison.Ordinal);
        Assert.Contains("samples.jsonl:8: field '$.id': duplicate id 'a'", stderr, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(output);
        var results = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["a", "b", "c", "f"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([1.0, 0.0, 1.0, 0.0], results.Select(r => r.GetProperty("reward").GetDouble()));
        Assert.All(results, r => Assert.Equal("scored", r.GetProperty("outcome").GetString()));
        Assert.Equal("conflicting_answers", results[3].GetProperty("reason").GetString());
        Assert.Equal(1.0, results[0].GetProperty("components").GetProperty("correct").GetDouble());
        Assert.True(results[0].GetProperty("elapsed_ms").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Object, results[0].GetProperty("evidence").ValueKind);

        Assert.Contains("test/keyword 3", stdout, StringComparison.Ordinal);
        Assert.Contains("4 scored here, 3 invalid input line(s) skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("mean reward   0.5000", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("pass@", stdout, StringComparison.Ordinal); // some problems have a single completion
    }

    [Fact]
    public async Task Eval_ToolCallWithNumericId_ReportedAsBadLine_OtherLinesWritten()
    {
        // Regression: a numeric tool-call id used to end the run with a stack trace and no output file.
        string input = Path.Combine(dir, "tools.jsonl");
        string output = Path.Combine(dir, "tools.out.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": "a", "problem_id": "k1", "completion": "<answer>blue</answer>"}""",
            """{"id": "b", "problem_id": "k1", "completion": [{"role": "assistant", "content": "<answer>blue</answer>", "tool_calls": [{"id": 5, "type": "function", "function": {"name": "f", "arguments": "{}"}}]}]}""",
            """{"id": "c", "problem_id": "k2", "completion": [{"role": "assistant", "content": "<answer>red</answer>"}]}""",
        ]);

        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        Assert.Contains("tools.jsonl:2: field '$.completion[0].tool_calls[0].id': must be a string", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        var ids = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString());
        Assert.Equal(["a", "c"], ids);
    }

    [Fact]
    public async Task Eval_SeveralCompletionsPerProblem_ReportsPassAtK()
    {
        string input = Path.Combine(dir, "groups.jsonl");
        string output = Path.Combine(dir, "groups.out.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": "1", "problem_id": "k1", "completion": "<answer>blue</answer>"}""",
            """{"id": "2", "problem_id": "k1", "completion": "<answer>no</answer>"}""",
            """{"id": "3", "problem_id": "k2", "completion": "<answer>no</answer>"}""",
            """{"id": "4", "problem_id": "k2", "completion": "<answer>no</answer>"}""",
        ]);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        // k1: pass@1 = 0.5, pass@2 = 1; k2: 0 and 0. Means: 0.25 and 0.5.
        Assert.Contains("pass@1 0.2500, pass@2 0.5000", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_WithCache_SecondRunAnsweredFromCache_SameResults()
    {
        string input = Path.Combine(dir, "cached.jsonl");
        string cache = Path.Combine(dir, "scores.cache.jsonl");
        await File.WriteAllLinesAsync(input,
        [
            """{"id": "1", "problem_id": "k1", "completion": "<answer>blue</answer>"}""",
            """{"id": "2", "problem_id": "k2", "completion": "<answer>blue</answer>"}""",
        ]);

        var first = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", input, "--output", Path.Combine(dir, "r1.jsonl"), "--cache", cache);
        var second = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", input, "--output", Path.Combine(dir, "r2.jsonl"), "--cache", cache);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.DoesNotContain("score cache", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 item(s) answered from the score cache", second.Stdout, StringComparison.Ordinal);
        static double[] Rewards(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reward").GetDouble()).ToArray();
        Assert.Equal([1.0, 0.0], Rewards(Path.Combine(dir, "r1.jsonl")));
        Assert.Equal(Rewards(Path.Combine(dir, "r1.jsonl")), Rewards(Path.Combine(dir, "r2.jsonl")));
    }

    [Fact]
    public async Task Eval_ReadmeCommand_MathSample_ScoresEveryValidLine()
    {
        string repo = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(repo, "Environments.sln")))
        {
            repo = Path.GetDirectoryName(repo) ?? throw new InvalidOperationException("repository root not found");
        }

        string input = Path.Combine(repo, "examples", "data", "math-sample.jsonl");
        string output = Path.Combine(dir, "math-results.jsonl");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("eval", "--env", "math", "--input", input, "--output", output);

        Assert.True(exit == 0, stderr);
        int lines = File.ReadLines(input).Count(l => !string.IsNullOrWhiteSpace(l));
        int errors = stderr.Split('\n').Count(l => l.Contains("math-sample.jsonl:", StringComparison.Ordinal));
        Assert.True(errors >= 1, "the sample holds a deliberately malformed line");
        var results = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(lines - errors, results.Length);
        Assert.Contains(results, r => r.GetProperty("reward").GetDouble() == 1.0);
        Assert.Contains(results, r => r.GetProperty("reason").GetString() == "conflicting_answers");
        Assert.Contains("environment   math", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_UnknownEnvironment_OneLineReason_NonZeroExit()
    {
        string input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllTextAsync(input, "{}\n");

        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "--env", "nope", "--input", input, "--output", Path.Combine(dir, "o.jsonl"));

        Assert.Equal(2, exit);
        Assert.StartsWith("rlvr: unknown environment 'nope'", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Eval_MissingInput_OneLineReason()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "--env", "test/keyword", "--assembly", assembly, "--input", Path.Combine(dir, "missing.jsonl"), "--output", Path.Combine(dir, "o.jsonl"));

        Assert.Equal(2, exit);
        Assert.Contains("--input: file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsNameVersionDescription()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("list", "--assembly", assembly);

        Assert.Equal(0, exit);
        var row = Assert.Single(stdout.Split('\n'), l => l.StartsWith("test/keyword", StringComparison.Ordinal));
        Assert.Contains(" 3 ", row, StringComparison.Ordinal);
        Assert.Contains("Tagged answer equals the reference", row, StringComparison.Ordinal);
    }
}
