using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Rlvr.Core.Sandboxing;
using Xunit;

namespace Rlvr.Server.Tests;

/// <summary>
/// Per-client limits (<c>--max-inflight-per-client</c>, <c>--max-sandboxes-per-client</c>): the limiter itself, then
/// a real server with two clients on two loopback addresses (127.0.0.1 and 127.0.0.2).
/// </summary>
public sealed class ClientLimiterTests
{
    private const string Other = "127.0.0.2";

    [Fact]
    public void TryAdmitItems_OverTheClientsLimit_RefusedUntilItsOwnItemsAreReleased()
    {
        var limiter = new ClientLimiter(maxItems: 3, maxSandboxes: null);

        Assert.True(limiter.TryAdmitItems("a", 2));
        Assert.False(limiter.TryAdmitItems("a", 2));
        Assert.True(limiter.TryAdmitItems("b", 3));
        limiter.ReleaseItems("a", 2);
        Assert.True(limiter.TryAdmitItems("a", 3));
        limiter.ReleaseItems("a", 3);
        limiter.ReleaseItems("b", 3);

        Assert.Equal(0, limiter.ActiveClients);
        Assert.False(limiter.BatchFits(4));
    }

    [Fact]
    public async Task AdmitItemsAsync_HoldEndsFirst_ReturnsFalseAndForgetsTheClient()
    {
        var limiter = new ClientLimiter(maxItems: 1, maxSandboxes: null);
        Assert.True(limiter.TryAdmitItems("a", 1));
        using var hold = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        Assert.False(await limiter.AdmitItemsAsync("a", 1, hold.Token));

        var waiting = limiter.AdmitItemsAsync("a", 1, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        limiter.ReleaseItems("a", 1);
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        limiter.ReleaseItems("a", 1);
        Assert.Equal(0, limiter.ActiveClients);
    }

    [Fact]
    public async Task Wrap_ClientAtItsSandboxLimit_WaitsForItsOwnLeaseWhileAnotherClientAcquires()
    {
        var limiter = new ClientLimiter(maxItems: null, maxSandboxes: 1);
        var inner = new CountingSandboxProvider();
        var provider = limiter.Wrap(inner)!;
        var spec = new SandboxSpec("test");

        ISandbox first;
        Task<ISandbox> second;
        using (ClientLimiter.Enter("a"))
        {
            first = await provider.AcquireAsync(spec);
            second = provider.AcquireAsync(spec).AsTask();
        }

        ISandbox other;
        using (ClientLimiter.Enter("b"))
        {
            other = await provider.AcquireAsync(spec).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.False(second.IsCompleted);
        Assert.Equal(2, inner.Live);
        Assert.Equal(1, limiter.SandboxesHeld("a"));
        await first.DisposeAsync();
        var granted = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, limiter.SandboxesHeld("a"));
        await granted.DisposeAsync();
        await other.DisposeAsync();

        Assert.Equal(0, inner.Live);
        Assert.Equal(0, limiter.ActiveClients);
        Assert.Equal(1, limiter.SandboxWaits);
    }

    [Fact]
    public async Task Wrap_WaitingLeaseCancelled_ThrowsAndCountsNothing()
    {
        var limiter = new ClientLimiter(maxItems: null, maxSandboxes: 1);
        var provider = limiter.Wrap(new CountingSandboxProvider())!;
        using var scope = ClientLimiter.Enter("a");
        var held = await provider.AcquireAsync(new SandboxSpec("test"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.AcquireAsync(new SandboxSpec("test"), cancel.Token).AsTask());

        Assert.Equal(1, limiter.SandboxesHeld("a"));
        await held.DisposeAsync();
        Assert.Equal(0, limiter.ActiveClients);
    }

    [Theory]
    [InlineData("/v1/score", 429)]
    [InlineData("/get_reward", 503)]
    public async Task Request_ClientOverItsInflightLimit_GetsTheProtocolsBusyAnswerWhileAnotherClientIsServed(string endpoint, int busy)
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync(o => o with { MaxInflightPerClient = 1, RequestTimeout = TimeSpan.FromSeconds(4) });
        using var other = ClientFrom(Other, h.BaseAddress);

        var first = h.PostAsync(endpoint, Body(endpoint, "1", gate));
        await WaitUntilAsync(h, "rlvr_queue_items 1");
        var refused = await h.PostAsync(endpoint, Body(endpoint, "1", null));
        var served = await other.PostAsync(endpoint, Json(Body(endpoint, "1", null)));
        TestEnvironment.Open(gate);
        var answered = await first;

        Assert.Equal((HttpStatusCode)busy, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("per-client limit", (await ServerHarness.JsonAsync(refused)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        string metrics = await h.Client.GetStringAsync("/metrics");
        Assert.Contains("rlvr_client_limited_total{reason=\"inflight\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("rlvr_clients_active 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_ClientsItemsFinish_LimitReleasedAndAHeldRequestAdmitted()
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync(o => o with { MaxInflightPerClient = 2, RequestTimeout = TimeSpan.FromSeconds(30) });

        var first = h.PostAsync("/v1/score", Body("/v1/score", "1", gate, count: 2));
        await WaitUntilAsync(h, "rlvr_queue_items 2");
        var held = h.PostAsync("/v1/score", Body("/v1/score", "1", null, count: 2));
        await WaitUntilAsync(h, "rlvr_client_limited_total{reason=\"inflight_held\"} 1");
        Assert.False(held.IsCompleted);
        TestEnvironment.Open(gate);

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await held).StatusCode);
        var tooBig = await h.PostAsync("/v1/score", Body("/v1/score", "1", null, count: 3));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        await WaitUntilAsync(h, "rlvr_clients_active 0");
    }

    [Fact]
    public async Task Score_ClientAtItsSandboxLimit_ItsNextItemWaitsWhileAnotherClientsItemIsScored()
    {
        string gate = Guid.NewGuid().ToString("N");
        var sandboxes = new CountingSandboxProvider();
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Environments = [new SandboxEpisodeEnvironment()],
            Sandboxes = sandboxes,
            MaxSandboxesPerClient = 1,
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
        using var other = ClientFrom(Other, h.BaseAddress);

        var first = h.PostAsync("/v1/score", Body("/v1/score", "1", gate));
        await TestEnvironment.WaitAsync(gate + "-leased", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        var second = h.PostAsync("/v1/score", Body("/v1/score", "2", null));
        await WaitUntilAsync(h, "rlvr_client_sandbox_waits_total 1");
        var served = await other.PostAsync("/v1/score", Json(Body("/v1/score", "3", null)));

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.False(second.IsCompleted);
        TestEnvironment.Open(gate);
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        var answer = await ServerHarness.JsonAsync(await second);
        Assert.Equal("scored", answer.GetProperty("results")[0].GetProperty("outcome").GetString());
        Assert.Equal(0, sandboxes.Live);
    }

    [Fact]
    public async Task Reset_ClientsEpisodeHoldsItsOnlySandbox_NextEpisodeBusyOtherClientServedAndCloseReleases()
    {
        var sandboxes = new CountingSandboxProvider();
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Environments = [new SandboxEpisodeEnvironment()],
            Sandboxes = sandboxes,
            MaxSandboxesPerClient = 1,
        });
        using var other = ClientFrom(Other, h.BaseAddress);

        var opened = await h.PostAsync("/reset", """{"problem_id": "answer-1", "episode_id": "a1"}""");
        var refused = await h.PostAsync("/reset", """{"problem_id": "answer-2", "episode_id": "a2"}""");
        var otherOpened = await other.PostAsync("/reset", Json("""{"problem_id": "answer-2", "episode_id": "b1"}"""));

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Contains("per-client limit", (await ServerHarness.JsonAsync(refused)).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, otherOpened.StatusCode);
        Assert.Equal(2, sandboxes.Live);

        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/close", """{"episode_id": "a1"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync("/reset", """{"problem_id": "answer-2", "episode_id": "a2"}""")).StatusCode);
        Assert.Contains("rlvr_client_limited_total{reason=\"sandboxes\"} 1", await h.Client.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_BearerTokenServer_ClientIsTheTokenNotTheAddress()
    {
        string gate = Guid.NewGuid().ToString("N");
        await using var h = await ServerHarness.StartAsync(o => o with { MaxInflightPerClient = 1, BearerToken = "s3cret", RequestTimeout = TimeSpan.FromSeconds(4) });
        using var other = ClientFrom(Other, h.BaseAddress);
        other.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");

        var first = h.PostAsync("/v1/score", Body("/v1/score", "1", gate), token: "s3cret");
        await WaitUntilAsync(h, "rlvr_queue_items 1", "s3cret");
        var refused = await other.PostAsync("/v1/score", Json(Body("/v1/score", "1", null)));
        TestEnvironment.Open(gate);

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
    }

    [Fact]
    public void Validate_NonPositivePerClientLimit_Throws()
    {
        var options = new RewardServerOptions { Environments = [new TestEnvironment()], MaxSandboxesPerClient = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    private static string Body(string endpoint, string answer, string? gate, int count = 1)
    {
        string problem = gate is null ? $$"""{"answer": "{{answer}}"}""" : $$"""{"answer": "{{answer}}", "gate": "{{gate}}"}""";
        return endpoint == "/get_reward"
            ? $$"""{"query": [{{string.Join(", ", Enumerable.Repeat($"\"{answer}\"", count))}}], "labels": [{{string.Join(", ", Enumerable.Repeat(problem, count))}}]}"""
            : $$"""{"items": [{{string.Join(", ", Enumerable.Range(0, count).Select(i => $$"""{"id": "i{{i}}", "problem": {{problem}}, "completion": "{{answer}}"}"""))}}]}""";
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any 127/8 address is loopback).</summary>
    private static HttpClient ClientFrom(string localAddress, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    private static async Task WaitUntilAsync(ServerHarness h, string metricLine, string? token = null)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            string text = await (await h.Client.SendAsync(request)).Content.ReadAsStringAsync();
            if (text.Split('\n').Contains(metricLine))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"/metrics never showed '{metricLine}':\n{text}");
            await Task.Delay(20);
        }
    }
}
