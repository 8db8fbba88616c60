namespace Rlvr.Server.Tests;

/// <summary><c>/seed_session</c>, <c>/verify</c> and <c>/aggregate_metrics</c> driven by NeMo-Gym's rollout flow (Python/nemo_gym_client.py).</summary>
public sealed class NemoGymEndpointTests
{
    [Fact]
    public async Task HandleAsync_SimpleAgentFlowWithRolloutPrefix_ScoresMathTasksAndAggregates()
    {
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Environments = [new Rlvr.Environments.Math.MathEnvironment(), new TestEnvironment()],
        });

        var root = await PythonRunner.RunAsync("nemo_gym_client.py", [h.BaseAddress.ToString()]);

        Assert.Empty(root.GetProperty("seed").EnumerateObject());
        Assert.Equal(["float"], root.GetProperty("reward_types").EnumerateArray().Select(t => t.GetString()));
        var rewards = root.GetProperty("rewards").EnumerateArray().Select(r => r.GetDouble()).ToArray();

        // expected_answer is the answer; the infra_error rollout gets the mean of its task's rollouts scored so far
        // (here the one before it: rollouts run one after another in this flow).
        Assert.Equal([1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0], rewards);
        Assert.Equal("infra_error", root.GetProperty("outcomes")[5].GetString());

        var aggregate = root.GetProperty("aggregate");
        var groups = aggregate.GetProperty("group_level_metrics").EnumerateArray().ToArray();
        Assert.Equal(3, groups.Length);
        Assert.Equal(0.5, groups[0].GetProperty("mean/reward").GetDouble());
        Assert.Equal(1.0, groups[1].GetProperty("min/reward").GetDouble());
        Assert.Equal(3, groups[2].GetProperty("num_rollouts").GetInt32());
        Assert.Equal(5.0 / 7, aggregate.GetProperty("agent_metrics").GetProperty("mean/reward").GetDouble(), 9);
        Assert.Equal(6.0 / 7, aggregate.GetProperty("key_metrics").GetProperty("mean/scored").GetDouble(), 9);
    }
}
