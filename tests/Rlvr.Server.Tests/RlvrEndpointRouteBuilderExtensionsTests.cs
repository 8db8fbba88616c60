using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Rlvr.Environments.Math;

namespace Rlvr.Server.Tests;

public sealed class RlvrEndpointRouteBuilderExtensionsTests
{
    [Fact]
    public async Task MapRlvrEndpoints_PlainApplication_ScoresBesideTheHostsOwnEndpoint()
    {
        // The example of docs/server.md ("Mounting Rlvr in your own ASP.NET Core app"), line for line.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRlvrScoring()
            .WithEnvironments(new MathEnvironment())
            .WithLimits(concurrency: 4, queueCapacity: 1024);
        var app = builder.Build();
        app.MapGet("/hello", () => "hello from the host");
        app.MapRlvrEndpoints("/rlvr");
        await app.StartAsync();

        await using var stop = app;
        var address = app.Urls.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var response = await client.PostAsync("/rlvr/v1/score", new StringContent(
            """{"items": [{"id": "a", "problem": {"question": "2+2?", "answer": "4"}, "completion": "so \\boxed{4}"}, {"id": "b", "problem": {"question": "2+2?", "answer": "4"}, "completion": "\\boxed{5}"}]}""",
            Encoding.UTF8,
            "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var results = json.RootElement.GetProperty("results");
        Assert.Equal(1.0, results[0].GetProperty("reward").GetDouble());
        Assert.Equal("scored", results[0].GetProperty("outcome").GetString());
        Assert.Equal(0.0, results[1].GetProperty("reward").GetDouble());
        Assert.Equal("hello from the host", await client.GetStringAsync("/hello"));
        var health = JsonDocument.Parse(await client.GetStringAsync("/rlvr/healthz")).RootElement;
        Assert.Equal(1024, health.GetProperty("queue_capacity").GetInt32());
        Assert.Contains("rlvr_items_total{env=\"math\",outcome=\"scored\"", await client.GetStringAsync("/rlvr/metrics"), StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public void DocsExample_IsTheMountedApplicationTest()
    {
        // docs/server.md promises its example is exactly what the test above runs; keep the two in step.
        string docs = File.ReadAllText(RepoPaths.Combine("docs", "server.md"));
        int section = docs.IndexOf("## Mounting Rlvr in your own ASP.NET Core app", StringComparison.Ordinal);
        int start = docs.IndexOf("```csharp\n", section, StringComparison.Ordinal) + "```csharp\n".Length;
        string[] example = docs[start..docs.IndexOf("```", start, StringComparison.Ordinal)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string test = File.ReadAllText(RepoPaths.Combine("tests", "Rlvr.Server.Tests", "RlvrEndpointRouteBuilderExtensionsTests.cs"));
        int example0 = test.IndexOf(example[0].Trim(), StringComparison.Ordinal);
        string[] testLines = [.. test[example0..].Split('\n').Take(example.Length).Select(l => l.Trim())];

        Assert.True(section > 0 && example.Length >= 8);
        Assert.Equal(example.Select(l => l.Trim()), testLines);
    }

    [Fact]
    public async Task MapRlvrEndpoints_BearerToken_GuardsOnlyTheRlvrEndpoints()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddRlvrScoring()
            .WithEnvironments(new TestEnvironment())
            .Configure(o => o with { BearerToken = "secret" });
        var app = builder.Build();
        app.MapGet("/hello", () => "open");
        app.MapRlvrEndpoints();
        await app.StartAsync();

        await using var stop = app;
        var address = app.Urls.Single();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        string body = """{"items": [{"id": "a", "problem": {"answer": "7"}, "completion": "7"}]}""";
        var refused = await client.PostAsync("/v1/score", new StringContent(body, Encoding.UTF8, "application/json"));
        var accepted = await client.PostAsync("/v1/score?token=secret", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Authorization", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("open", await client.GetStringAsync("/hello"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        await app.StopAsync();
    }

    [Fact]
    public void MapRlvrEndpoints_WithoutAddRlvrScoring_SaysWhatToCall()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapRlvrEndpoints());

        Assert.Contains("AddRlvrScoring", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapRlvrEndpoints_NoEnvironment_FailsNamingTheOption()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddRlvrScoring();
        var app = builder.Build();

        var error = Assert.Throws<ArgumentException>(() => app.MapRlvrEndpoints());

        Assert.Equal("Environments", error.ParamName);
    }
}
