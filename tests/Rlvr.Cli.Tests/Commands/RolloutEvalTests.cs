using System.Text.Json;
using Rlvr.Rollouts.Tests.Support;

namespace Rlvr.Cli.Tests.Commands;

/// <summary><c>rlvr eval --model</c> end to end: the real tool against a scripted OpenAI-compatible server on 127.0.0.1.</summary>
public sealed class RolloutEvalTests : IAsyncLifetime, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("rlvr-rollout-cli-").FullName;
    private ScriptedPolicyServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedPolicyServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task EvalModel_ReferencePolicy_WritesTrajectoriesThatRescoreAndResumes()
    {
        string problems = Path.Combine(folder, "problems.jsonl");
        await File.WriteAllLinesAsync(problems,
        [
            """{"id": "s1", "problem": {"question": "Compute 17+25.", "answer": "42"}}""",
            """{"id": "s2", "problem": {"question": "Compute 1+2.", "answer": "3"}}""",
            """{"id": "bad", "problem": {"question": 5}}""",
        ]);
        string output = Path.Combine(folder, "out.jsonl");
        string report = Path.Combine(folder, "report.html");

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "eval", "--env", "math", "--model", server.BaseUrl.ToString(), "--model-name", "reference", "-n", "3",
            "--problems", problems, "--output", output, "--report", report);

        Assert.True(code == 0, stderr);
        Assert.Contains("problems.jsonl:3: field '$.problem.question'", stderr, StringComparison.Ordinal);
        Assert.Contains("episodes      6", stdout, StringComparison.Ordinal);
        Assert.Contains("pass@1 1.0000, pass@3 1.0000", stdout, StringComparison.Ordinal);
        Assert.Contains("zero-variance groups 1.0000", stdout, StringComparison.Ordinal);
        Assert.Contains("ends          terminated 6, truncated 0, error 0", stdout, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(6, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(1.0, first.RootElement.GetProperty("reward").GetDouble());
            Assert.Equal("terminated", first.RootElement.GetProperty("end").GetString());
            Assert.Equal(20, first.RootElement.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        }

        Assert.Contains("Episodes", await File.ReadAllTextAsync(report), StringComparison.Ordinal);

        // The trajectories are eval inputs: re-scoring gives the same rewards.
        string rescored = Path.Combine(folder, "rescored.jsonl");
        var again = await CliRunner.RunAsync("eval", "--env", "math", "--input", output, "--output", rescored);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("mean reward   1.0000 over 6 scored item(s)", again.Stdout, StringComparison.Ordinal);

        // Resuming a finished run calls the model no more.
        int calls = server.Calls;
        var resumed = await CliRunner.RunAsync(
            "eval", "--env", "math", "--model", server.BaseUrl.ToString(), "--model-name", "reference", "-n", "3",
            "--problems", problems, "--output", output, "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.Equal(calls, server.Calls);
        Assert.Contains("resuming: 6 finished episode(s)", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(6, (await File.ReadAllLinesAsync(output)).Length);
    }

    [Fact]
    public async Task EvalModel_Endpoint500_RecordsInfraErrorsAndExitsZero()
    {
        string output = Path.Combine(folder, "out.jsonl");
        string problems = Path.Combine(folder, "problems.jsonl");
        await File.WriteAllLinesAsync(problems,
        [
            """{"id": "a", "problem": {"question": "Compute 1+1.", "answer": "2"}}""",
            """{"id": "b", "problem": {"question": "Compute 2+2.", "answer": "4"}}""",
            """{"id": "c", "problem": {"question": "Compute 3+3.", "answer": "6"}}""",
        ]);

        var (code, stdout, stderr) = await CliRunner.RunAsync(
            "eval", "--env", "math", "--model", server.BaseUrl.ToString(), "--model-name", "error500", "--problems", problems, "--limit", "2", "--output", output);

        Assert.True(code == 0, stderr);
        Assert.Contains("infra_error 2", stdout, StringComparison.Ordinal);
        Assert.Contains("endpoint_error 2", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalModel_InputAndModelTogether_ExitsTwoWithReason()
    {
        var (code, _, stderr) = await CliRunner.RunAsync(
            "eval", "--env", "math", "--model", server.BaseUrl.ToString(), "--model-name", "x", "--input", "a.jsonl", "--output", "o.jsonl");

        Assert.Equal(2, code);
        Assert.Contains("--input and --model exclude each other", stderr, StringComparison.Ordinal);
    }
}
