using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Server.Tests;

/// <summary>A real server on a free loopback port plus a client for it.</summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(RewardServer server, HttpClient client)
    {
        Server = server;
        Client = client;
    }

    public RewardServer Server { get; }

    public HttpClient Client { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static async Task<ServerHarness> StartAsync(Func<RewardServerOptions, RewardServerOptions>? configure = null)
    {
        var options = new RewardServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Environments = [new TestEnvironment()],
            Scoring = new ScoringOptions { MaxDegreeOfParallelism = 8, ItemTimeout = TimeSpan.FromSeconds(30) },
        };
        options = configure?.Invoke(options) ?? options;
        var server = await RewardServer.StartAsync(options);
        var client = new HttpClient { BaseAddress = server.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
        return new ServerHarness(server, client);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>A sandbox provider that never runs anything: it replays a fixed result and records the request.</summary>
internal sealed class RecordingSandboxProvider(ExecResult result) : ISandboxProvider, ISandbox
{
    public ExecRequest? LastRequest { get; private set; }

    public SandboxSpec? LastSpec { get; private set; }

    public string Id => "recording";

    public SandboxSpec Spec => LastSpec ?? new SandboxSpec("none");

    public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
    {
        LastSpec = spec;
        return new ValueTask<ISandbox>(this);
    }

    public ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default)
    {
        LastRequest = request;
        return new ValueTask<ExecResult>(result);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
