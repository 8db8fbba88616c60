using Rlvr.Core;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Rollouts.Tests.Support;

namespace Rlvr.Rollouts.Tests;

/// <summary><c>cyber/ctf</c> episodes rolled out through function calling against the scripted policy server, in real sandboxes.</summary>
public sealed class CtfRolloutTests
{
    [SkippableFact]
    public async Task RunAsync_ReferenceSolveScript_FindsTheFlagAndMarksTheShellStepCertain()
    {
        await using var server = await ScriptedPolicyServer.StartAsync();
        await using var sandboxes = await TestDocker.CreateAsync("rollouts-" + Guid.NewGuid().ToString("N")[..12]);
        var env = new CtfEnvironment();
        env.TryGetProblem("ctf01-lost-note", out var challenge);
        server.Scripts[challenge!.Manifest.Title] = challenge.Solution;
        var problems = new[] { new RolloutProblem(challenge.Id, challenge) };

        var right = await new RolloutRunner(OpenAIChatClients.Create(server.BaseUrl, "reference", maxRetries: 0), new RolloutOptions(), sandboxes).RunAsync(env, problems);
        var wrong = await new RolloutRunner(OpenAIChatClients.Create(server.BaseUrl, "wrong", maxRetries: 0), new RolloutOptions(), sandboxes).RunAsync(env, problems);

        var t = Assert.Single(right);
        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(CtfReasons.FlagFound, t.Reward.Reason);
        Assert.Equal(1.0, t.Reward.Value);
        Assert.Equal(EpisodeEnd.Terminated, t.End);
        Assert.Equal(["shell", "submit_flag"], t.Steps.Select(s => s.Action.ToolCall!.Name));
        Assert.Equal(1, t.SuccessStep);
        Assert.Equal(true, t.Steps[0].Info["flag_seen"]);

        var w = Assert.Single(wrong);
        Assert.Equal(0.0, w.Reward.Value);
        Assert.Equal(Outcome.Scored, w.Reward.Outcome);
        Assert.False(w.Steps[0].SuccessCertain);
    }
}
