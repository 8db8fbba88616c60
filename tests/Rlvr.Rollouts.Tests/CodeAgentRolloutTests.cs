using Rlvr.Core;
using Rlvr.Environments.Code.Agent;
using Rlvr.Rollouts.Tests.Support;

namespace Rlvr.Rollouts.Tests;

/// <summary><c>code/agent</c> rolled out through function calling: run, read results, revise, submit; real sandboxes.</summary>
public sealed class CodeAgentRolloutTests
{
    private const string Buggy = "def sum_digits(n):\n    return n % 10\n";
    private const string Fixed = "def sum_digits(n):\n    return sum(int(c) for c in str(n))\n";

    [SkippableFact]
    public async Task RunAsync_ReviseThenSubmit_ScoresOneAndMarksTheFirstAllPassingRun()
    {
        await using var server = await ScriptedPolicyServer.StartAsync();
        await using var sandboxes = await TestDocker.CreateAsync("rollouts-" + Guid.NewGuid().ToString("N")[..12]);
        server.Programs["sum_digits"] = (Buggy, Fixed);
        var env = new CodeAgentEnvironment();
        env.TryGetProblem("agent-sum-digits", out var problem);
        var problems = new[] { new RolloutProblem(problem!.Id, problem) };

        var t = Assert.Single(await new RolloutRunner(OpenAIChatClients.Create(server.BaseUrl, "reference", maxRetries: 0), new RolloutOptions(), sandboxes).RunAsync(env, problems));
        var w = Assert.Single(await new RolloutRunner(OpenAIChatClients.Create(server.BaseUrl, "wrong", maxRetries: 0), new RolloutOptions(), sandboxes).RunAsync(env, problems));

        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(1.0, t.Reward.Value);
        Assert.Equal(EpisodeEnd.Terminated, t.End);
        Assert.Equal(["run_tests", "run_tests", "submit"], t.Steps.Select(s => s.Action.ToolCall!.Name));
        Assert.Equal(1, t.Steps[0].Info["public_passed"]);
        Assert.Contains("FAILED", t.Steps[0].Observation, StringComparison.Ordinal);
        Assert.Equal(2, t.Steps[1].Info["public_passed"]);
        Assert.Equal(2, t.SuccessStep);

        Assert.Equal(Outcome.Scored, w.Reward.Outcome);
        Assert.Equal(0.0, w.Reward.Value);
        Assert.Null(w.SuccessStep);
    }

    [SkippableFact]
    public async Task ScoreAsync_TranscriptOfTheEpisode_RescoresTheLastSubmission()
    {
        await using var sandboxes = await TestDocker.CreateAsync("rollouts-" + Guid.NewGuid().ToString("N")[..12]);
        var env = new CodeAgentEnvironment();
        env.TryGetProblem("agent-sum-digits", out var problem);
        ChatMessage Submit(string code) => new(ChatMessage.AssistantRole, null, [new ToolCall("c", CodeAgentEpisode.SubmitTool, System.Text.Json.JsonSerializer.Serialize(new { code }))]);

        var right = await env.ScoreAsync(problem!, Completion.FromMessages([Submit(Buggy), Submit(Fixed)]), new ScoringContext("a", sandboxes: sandboxes));
        var wrong = await env.ScoreAsync(problem!, Completion.FromMessages([Submit(Fixed), Submit(Buggy)]), new ScoringContext("b", sandboxes: sandboxes));

        Assert.Equal(1.0, right.Value);
        Assert.Equal(0.0, wrong.Value);
        Assert.Equal(Outcome.Scored, wrong.Outcome);
    }
}
