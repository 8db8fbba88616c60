using System.Net;

namespace Rlvr.Server.Tests;

/// <summary>
/// <c>/get_reward</c> driven by OpenRLHF's own client path (Python/openrlhf_client.py: v0.11.0 agent executor and
/// v0.7.0 remote_rm_fn, torch replaced by a stand-in with torch's dtype rules).
/// </summary>
public sealed class OpenRlhfEndpointTests
{
    [Fact]
    public async Task HandleAsync_OpenRlhfSeveralSamplesPerPrompt_TensorsAreFloatAndInfraErrorHasNoAdvantage()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "tok/en" });

        // OpenRLHF sends no Authorization header: the token travels in the URL path.
        var root = await PythonRunner.RunAsync("openrlhf_client.py", [PythonRunner.StandinsDirectory, new Uri(h.BaseAddress, "/token/tok%2Fen/get_reward").ToString()]);

        Assert.False(root.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal("float32", root.GetProperty("dtype").GetString());
        var rewards = root.GetProperty("rewards").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal([1.0, 1.0, 0.0], rewards[0][..3]);

        // The infra_error sample trains with its group's mean: its advantage is 0, the others keep their sign.
        Assert.Equal(2.0 / 3.0, rewards[0][3], 9);
        Assert.Equal([1.0, 0.0, 1.0, 0.0], rewards[1]);
        var advantages = root.GetProperty("advantages").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(0.0, advantages[0][3], 9);
        Assert.True(advantages[0][0] > 0 && advantages[0][2] < 0);
        Assert.Equal([0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0], root.GetProperty("infra_error").EnumerateArray().Select(v => v.GetDouble()));

        Assert.Equal("float32", root.GetProperty("legacy_dtype").GetString());
        var means = root.GetProperty("legacy_means").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(2.0 / 3.0, means[0], 9);
        Assert.Equal(0.5, means[1], 9);

        string metrics = await h.Client.GetStringAsync("/metrics?token=tok%2Fen");
        Assert.Contains("rlvr_substituted_total{endpoint=\"/get_reward\",outcome=\"infra_error\",with=\"group_mean\"} 2", metrics);
        Assert.Contains("rlvr_infra_retries_total{endpoint=\"/get_reward\"}", metrics);
    }

    [Fact]
    public async Task HandleAsync_TokenInQuery_IsAccepted()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "s3cret" });
        const string body = """{"query": ["1"], "labels": ["1"]}""";
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/get_reward?token=wrong", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.PostAsync("/token/wrong/get_reward", body)).StatusCode);
        var response = await h.PostAsync("/get_reward?token=s3cret", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"rewards\":[1.0]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HandleAsync_UnscorableItem_AnswersZeroAndFlagsIt()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/get_reward", """{"query": ["1"], "labels": [{"answer": "broken"}]}""");
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"rewards\":[0.0]", text);
        Assert.Contains("\"unscorable\":[1.0]", text);
        Assert.Contains("\"substituted\":[1.0]", text);
    }
}
