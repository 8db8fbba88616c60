using System.Text.Json;
using Rlvr.Cli.Commands;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Math;

namespace Rlvr.Cli.Tests.Commands;

public sealed class EnvOptionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-envopt-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private async Task<string> InputAsync()
    {
        string input = Path.Combine(dir, "in.jsonl");
        await File.WriteAllTextAsync(input, """{"id": "a", "problem": {"question": "1+1?", "answer": "2"}, "completion": "The answer is 2."}""" + "\n");
        return input;
    }

    [Theory]
    [InlineData(new string[0], 1.0)]
    [InlineData(new[] { "--env-option", "format_weight=1" }, 0.5)]
    [InlineData(new[] { "--env-option", "math:format_weight=3" }, 0.25)]
    public async Task Eval_FormatWeight_ChangesTheReward(string[] extra, double reward)
    {
        string input = await InputAsync();
        string output = Path.Combine(dir, "out.jsonl");

        var (exit, _, stderr) = await CliRunner.RunAsync(["eval", "--env", "math", "--input", input, "--output", output, .. extra]);

        Assert.True(exit == 0, stderr);
        var result = JsonDocument.Parse((await File.ReadAllLinesAsync(output))[0]).RootElement;
        Assert.Equal(reward, result.GetProperty("reward").GetDouble(), 9);
    }

    [Theory]
    [InlineData("format_weight=heavy", "environment 'math', option 'format_weight': 'heavy' is not a number")]
    [InlineData("format_weight=200", "environment 'math', option 'format_weight': 200 is not in [0, 100]")]
    [InlineData("strict=perhaps", "option 'strict': 'perhaps' is not a boolean")]
    [InlineData("colour=red", "environment 'math', option 'colour': unknown option (known: ")]
    [InlineData("code/python:partial_credit=true", "'code/python' is not an environment of this run (math)")]
    [InlineData("format_weight", "expected KEY=VALUE or ENV:KEY=VALUE")]
    public async Task Eval_BadEnvOption_ExitsTwoWithOneLineNamingIt(string option, string message)
    {
        string input = await InputAsync();

        var (exit, _, stderr) = await CliRunner.RunAsync("eval", "--env", "math", "--env-option", option, "--input", input, "--output", Path.Combine(dir, "out.jsonl"));

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("code/python:partial_credit=true", "'code/python' is not an environment of this run (math)")]
    [InlineData("math:colour=red", "environment 'math', option 'colour': unknown option")]
    public async Task Serve_BadEnvOption_ExitsTwoBeforeListening(string option, string message)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("serve", "--env", "math", "--no-sandbox", "--urls", "http://127.0.0.1:0", "--env-option", option);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnprefixedOptionWithoutEnv_ExitsTwo()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("serve", "--no-sandbox", "--urls", "http://127.0.0.1:0", "--env-option", "format_weight=1");

        Assert.Equal(2, exit);
        Assert.Contains("without --env, name the environment", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalRunner_MathWithLazyProvider_NeverCreatesDocker()
    {
        string input = await InputAsync();
        var sandboxes = new LazySandboxProvider(() => throw new InvalidOperationException("math must not create a Docker provider"));
        await using var _ = sandboxes;
        var runner = new EvalRunner(new MathEnvironment(), new ScoringOptions(), TextWriter.Null, TextWriter.Null, sandboxes);

        var run = await runner.RunAsync(new FileInfo(input), new FileInfo(Path.Combine(dir, "out.jsonl")), CancellationToken.None);

        Assert.Equal(1.0, run.Items[0].Reward.Value);
        Assert.False(sandboxes.IsCreated);
    }
}
