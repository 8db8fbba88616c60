using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Environments.Math;
using Rlvr.Rollouts.Tests.Support;

namespace Rlvr.Rollouts.Tests;

/// <summary>
/// Real rollouts through the official OpenAI client (the one the product uses) against <see cref="ScriptedPolicyServer"/>
/// on 127.0.0.1: each scripted policy's reward, outcome and end.
/// </summary>
public sealed class RolloutRunnerTests : IAsyncLifetime
{
    private ScriptedPolicyServer server = null!;

    public async Task InitializeAsync() => server = await ScriptedPolicyServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RunAsync_ReferencePolicyOnMultiTurnEpisode_ScoresOneAndFindsTheCertainStep()
    {
        var trajectories = await RunGuessAsync("reference");

        Assert.All(trajectories, t =>
        {
            Assert.Equal(Outcome.Scored, t.Reward.Outcome);
            Assert.Equal(1.0, t.Reward.Value);
            Assert.Equal(EpisodeEnd.Terminated, t.End);
            Assert.Equal("submit", t.Steps[^1].Action.ToolCall!.Name);
            // The check that answered "equal" made success certain, one step before the submission.
            Assert.Equal(t.Steps.Count - 1, t.SuccessStep);
            Assert.Equal("equal", t.Steps[t.SuccessStep!.Value - 1].Observation);
            Assert.Equal(t.Steps.Count, t.Turns);
            Assert.Equal(20L * t.Turns, t.Usage.InputTokens);
            Assert.Equal(t.Steps.Count, t.Messages.Count(m => m.Role == "tool"));
        });
    }

    [Fact]
    public async Task RunAsync_WrongPolicy_ScoresZeroTerminated()
    {
        var t = Assert.Single(await RunGuessAsync("wrong", problems: 1));

        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(0.0, t.Reward.Value);
        Assert.Equal(Reasons.WrongAnswer, t.Reward.Reason);
        Assert.Equal(EpisodeEnd.Terminated, t.End);
        Assert.Null(t.SuccessStep);
    }

    [Fact]
    public async Task RunAsync_ToolLoopThatNeverSubmits_IsTruncatedAtTheEpisodeStepLimit()
    {
        var t = Assert.Single(await RunGuessAsync("loop", problems: 1));

        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(0.0, t.Reward.Value);
        Assert.Equal(RolloutReasons.Truncated, t.Reward.Reason);
        Assert.Equal(EpisodeEnd.Truncated, t.End);
        Assert.Equal(12, t.Steps.Count);
    }

    [Fact]
    public async Task RunAsync_ToolLoopPastTheRunnerTurnLimit_IsTruncatedWithTurnLimit()
    {
        var t = Assert.Single(await RunGuessAsync("loop", problems: 1, options: new RolloutOptions { ModelId = "loop", MaxTurns = 3 }));

        Assert.Equal(RolloutReasons.TurnLimit, t.Reward.Reason);
        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(EpisodeEnd.Truncated, t.End);
        Assert.Equal(3, t.Turns);
    }

    [Fact]
    public async Task RunAsync_MalformedToolCallJson_IsTheModelsFaultScoredZero()
    {
        var t = Assert.Single(await RunGuessAsync("malformed", problems: 1));

        Assert.Equal(Outcome.Scored, t.Reward.Outcome);
        Assert.Equal(0.0, t.Reward.Value);
        Assert.Equal(RolloutReasons.MalformedToolCall, t.Reward.Reason);
        Assert.Equal(EpisodeEnd.Error, t.End);
        Assert.Empty(t.Steps);
        Assert.Equal("{\"guess\": 5", Assert.Single(t.Messages[0].ToolCalls!).ArgumentsJson);
    }

    [Fact]
    public async Task RunAsync_Endpoint500_IsInfraError()
    {
        var t = Assert.Single(await RunGuessAsync("error500", problems: 1));

        Assert.Equal(Outcome.InfraError, t.Reward.Outcome);
        Assert.Equal(RolloutReasons.EndpointError, t.Reward.Reason);
        Assert.Contains("500", t.Reward.Detail, StringComparison.Ordinal);
        Assert.Equal(EpisodeEnd.Error, t.End);
    }

    [Fact]
    public async Task RunAsync_ResponsePastTheEpisodeDeadline_IsInfraErrorEndpointTimeout()
    {
        var options = new RolloutOptions { ModelId = "slow", EpisodeTimeout = TimeSpan.FromSeconds(1) };
        var t = Assert.Single(await RunGuessAsync("slow", problems: 1, options: options));

        Assert.Equal(Outcome.InfraError, t.Reward.Outcome);
        Assert.Equal(RolloutReasons.EndpointTimeout, t.Reward.Reason);
        Assert.True(t.Latency < TimeSpan.FromSeconds(20), $"the deadline did not cut the call: {t.Latency}");
    }

    [Fact]
    public async Task RunAsync_ConnectionRefused_IsInfraErrorUnreachable()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var client = OpenAIChatClients.Create(new Uri($"http://127.0.0.1:{port}/v1"), "reference", maxRetries: 0);
        var runner = new RolloutRunner(client, new RolloutOptions());
        var env = new GuessEnvironment();
        env.TryGetProblem("g1", out var problem);
        var t = await runner.RunEpisodeAsync(env, new RolloutProblem("g1", problem!), 0);

        Assert.Equal(Outcome.InfraError, t.Reward.Outcome);
        Assert.Equal(RolloutReasons.EndpointUnreachable, t.Reward.Reason);
    }

    [Fact]
    public async Task RunAsync_SingleTurnEnvironment_ScoresTheAnswerToTheRenderedPrompt()
    {
        var env = new MathEnvironment();
        using var json = JsonDocument.Parse("""{"question": "Compute 17+25.", "answer": "42"}""");
        var problems = new[] { new RolloutProblem("sum", env.ParseProblem(json.RootElement), json.RootElement.Clone()) };

        var right = await new RolloutRunner(Client("reference"), new RolloutOptions { SamplesPerProblem = 2 }).RunAsync(env, problems);
        var wrong = await new RolloutRunner(Client("wrong"), new RolloutOptions()).RunAsync(env, problems);

        Assert.All(right, t => Assert.Equal(1.0, t.Reward.Value));
        Assert.Equal(["sum#0", "sum#1"], right.Select(t => t.Id));
        Assert.Contains("Compute 17+25.", right[0].Prompt[0].Content, StringComparison.Ordinal);
        Assert.Equal(0.0, Assert.Single(wrong).Reward.Value);
        Assert.Equal(EpisodeEnd.Terminated, wrong[0].End);
        Assert.Equal(1, wrong[0].Turns);
    }

    [Fact]
    public async Task TrajectoryJson_Line_ReadsBackAndRescoresWithTheSameReward()
    {
        var env = new GuessEnvironment();
        var t = (await RunGuessAsync("reference", problems: 1))[0];
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            TrajectoryJson.Write(writer, t);
        }

        using var line = JsonDocument.Parse(buffer.WrittenMemory);
        var back = TrajectoryJson.Read(line.RootElement);
        Assert.Equal(t.Id, back.Id);
        Assert.Equal(t.Reward.Value, back.Reward.Value);
        Assert.Equal(t.Reward.Reason, back.Reward.Reason);
        Assert.Equal(t.SuccessStep, back.SuccessStep);
        Assert.Equal(t.Steps.Count, back.Steps.Count);
        Assert.Equal(t.Usage, back.Usage);

        // The same line is an `rlvr eval --input` sample: the environment's rubric re-scores the transcript.
        Assert.True(SampleParser.TryParse(line.RootElement, env, out var request, out _, out string? message), message);
        var rescored = await ((IEnvironment)env).ScoreAsync(request.Problem, request.Completion, new ScoringContext(request.Id));
        Assert.Equal(1.0, rescored.Value);
    }

    [Fact]
    public async Task RolloutSummary_MixedRun_ReportsPassAtKMeanAtKAndEnds()
    {
        var trajectories = (await RunGuessAsync("reference", problems: 1, samples: 2))
            .Concat(await RunGuessAsync("wrong", problems: 1, samples: 2))
            .Select((t, i) => t with { Id = "g1#" + i, Sample = i })
            .ToList();
        trajectories.AddRange((await RunGuessAsync("wrong", problems: 2)).Where(t => t.ProblemKey == "g2"));

        var summary = RolloutSummary.Create(trajectories);

        // g1: 2 right of 4 (not flat); g2: 0 of 1 (too few samples for a variance).
        Assert.Equal(0.25, summary.PassAtK[1], 6);
        Assert.Equal(0.25, summary.MeanAtK!.Value, 6);
        Assert.Equal(0.0, summary.ZeroVarianceShare);
        Assert.Equal(5, summary.ByEnd[EpisodeEnd.Terminated]);
        Assert.Equal(2, summary.SuccessSteps.Count);
        Assert.Contains("pass@1 0.2500", summary.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrajectoryFile_Resume_KeepsFinishedEpisodesAndRunsInfraErrorsAgain()
    {
        string path = Path.Combine(Path.GetTempPath(), "rlvr-resume-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            var good = (await RunGuessAsync("reference", problems: 1))[0];
            var failed = (await RunGuessAsync("error500", problems: 2))[1];
            await using (var file = await TrajectoryFile.OpenAsync(path, resume: false))
            {
                await file.AppendAsync(good);
                await file.AppendAsync(failed);
            }

            await File.AppendAllTextAsync(path, "{\"id\": \"g2#1\", \"cut sho");
            await using var resumed = await TrajectoryFile.OpenAsync(path, resume: true);
            Assert.Equal(["g1#0"], resumed.Kept.Select(t => t.Id));

            int before = server.Calls;
            var env = new GuessEnvironment();
            var problems = env.ProblemIds.Select(id => { env.TryGetProblem(id, out var p); return new RolloutProblem(id, p!); }).ToList();
            var rerun = await new RolloutRunner(Client("wrong"), new RolloutOptions())
                .RunAsync(env, problems, resumed.AppendAsync, resumed.Kept.Select(t => t.Id).ToHashSet(StringComparer.Ordinal));

            Assert.Equal(["g2#0"], rerun.Select(t => t.Id));
            Assert.Equal(1, server.Calls - before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Microsoft.Extensions.AI.IChatClient Client(string model) =>
        OpenAIChatClients.Create(server.BaseUrl, model, maxRetries: 0);

    private async Task<IReadOnlyList<Trajectory>> RunGuessAsync(string model, int problems = 2, int samples = 1, RolloutOptions? options = null)
    {
        var env = new GuessEnvironment();
        var list = env.ProblemIds.Take(problems).Select(id => { env.TryGetProblem(id, out var p); return new RolloutProblem(id, p!); }).ToList();
        options ??= new RolloutOptions { SamplesPerProblem = samples };
        return await new RolloutRunner(Client(model), options).RunAsync(env, list);
    }
}
