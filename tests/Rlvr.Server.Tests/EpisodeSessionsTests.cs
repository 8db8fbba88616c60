using System.Net;
using System.Text;

namespace Rlvr.Server.Tests;

/// <summary>
/// Session ids of a replica (<see cref="RewardServerOptions.ReplicaId"/>): prefixed with the replica's name so a load
/// balancer can route by them, the replica named in <c>X-Rlvr-Replica</c>, and another replica's id refused with 421.
/// </summary>
public sealed class EpisodeSessionsTests
{
    [Fact]
    public async Task Reset_WithReplicaId_IssuesPrefixedIdAndNamesTheReplica()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { ReplicaId = "a" });

        var reset = await h.PostAsync("/reset", """{"env": "test/number"}""");
        var json = await ServerHarness.JsonAsync(reset);
        string id = json.GetProperty("observation").GetProperty("episode_id").GetString()!;
        var state = await h.Client.GetAsync(new Uri("/state?episode_id=" + id, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Matches("^a\\.[0-9a-f]{32}$", id);
        Assert.Equal("a", Assert.Single(reset.Headers.GetValues("X-Rlvr-Replica")));
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);
        Assert.Equal("a", Assert.Single(state.Headers.GetValues("X-Rlvr-Replica")));
    }

    [Fact]
    public async Task Reset_WithoutReplicaId_IssuesPlainIdAndNoHeader()
    {
        await using var h = await ServerHarness.StartAsync();

        var reset = await h.PostAsync("/reset", "{}");
        string id = (await ServerHarness.JsonAsync(reset)).GetProperty("observation").GetProperty("episode_id").GetString()!;

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.False(reset.Headers.Contains("X-Rlvr-Replica"));
    }

    [Fact]
    public async Task Step_EpisodeIdInQueryString_StepsThatEpisode()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { ReplicaId = "a" });
        var reset = await ServerHarness.JsonAsync(await h.PostAsync("/reset", "{}"));
        string id = reset.GetProperty("observation").GetProperty("episode_id").GetString()!;

        var step = await h.PostAsync("/step?episode_id=" + id, """{"action": {"message": "It is 1."}}""");
        var mismatch = await h.PostAsync("/step?episode_id=" + id, """{"episode_id": "a.other", "action": {"message": "1"}}""");
        var close = await h.PostAsync("/close?episode_id=" + id, "{}");

        Assert.Equal(HttpStatusCode.OK, step.StatusCode);
        Assert.Equal(1.0, (await ServerHarness.JsonAsync(step)).GetProperty("reward").GetDouble());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Equal("$.episode_id", (await ServerHarness.JsonAsync(mismatch)).GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
    }

    [Fact]
    public async Task Requests_SessionOfAnotherReplica_Are421NamingBothReplicas()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { ReplicaId = "a" });
        const string foreign = "b.0123456789abcdef0123456789abcdef";

        var step = await h.PostAsync("/step", $$$"""{"episode_id": "{{{foreign}}}", "action": {"message": "1"}}""");
        var state = await h.Client.GetAsync(new Uri("/state?episode_id=" + foreign, UriKind.Relative));
        var close = await h.PostAsync("/close", $$"""{"episode_id": "{{foreign}}"}""");
        var reset = await h.PostAsync("/reset", $$"""{"episode_id": "{{foreign}}"}""");
        var tool = await SendWithCookieAsync(h, "/run_tests", foreign);
        var verify = await SendWithCookieAsync(h, "/verify", foreign);
        var own = await h.PostAsync("/step", """{"episode_id": "a.0123456789abcdef0123456789abcdef", "action": {"message": "1"}}""");

        foreach (var response in new[] { step, state, close, reset, tool, verify })
        {
            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
            string message = (await ServerHarness.JsonAsync(response)).GetProperty("error").GetProperty("message").GetString()!;
            Assert.Contains("replica 'b'", message, StringComparison.Ordinal);
            Assert.Contains("replica 'a'", message, StringComparison.Ordinal);
        }

        Assert.Equal("cookie rlvr_episode", (await ServerHarness.JsonAsync(tool)).GetProperty("error").GetProperty("field").GetString());

        // The replica's own prefix but no such session: the plain 404.
        Assert.Equal(HttpStatusCode.NotFound, own.StatusCode);
    }

    [Fact]
    public async Task Start_InvalidReplicaId_IsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ServerHarness.StartAsync(o => o with { ReplicaId = "a.b" }));

        Assert.Contains("a.b", error.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SendWithCookieAsync(ServerHarness h, string path, string session)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"responses_create_params": {"input": []}, "response": {"output": []}}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("Cookie", "rlvr_episode=" + session);
        return h.Client.SendAsync(request);
    }
}
