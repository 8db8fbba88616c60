using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Tests;

/// <summary>Every failure a client can cause or meet is answered in the documented error shape, never an empty body.</summary>
public sealed class ServerErrorsTests
{
    [Fact]
    public async Task Score_NumericToolCallId_Returns400NamingThePath()
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.PostAsync("/v1/score", """
            {"items": [
              {"id": "a", "problem": {"answer": "1"}, "completion": "1"},
              {"id": "b", "problem": {"answer": "1"}, "completion": [{"role": "assistant", "content": "1", "tool_calls": [{"id": 5, "type": "function", "function": {"name": "f", "arguments": "{}"}}]}]}
            ]}
            """);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("$.items[1].completion[0].tool_calls[0].id", error.GetProperty("field").GetString());
        Assert.Contains("string", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCode_UnexpectedException_Returns500WithBodyAndRequestId()
    {
        var logs = new List<string>();
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Sandboxes = new FailingSandboxProvider(),
            ConfigureLogging = b => b.AddProvider(new ListLoggerProvider(logs)),
        });
        var response = await h.PostAsync("/run_code", """{"code": "print(1)", "language": "python"}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = await ErrorAsync(response);
        string requestId = error.GetProperty("request_id").GetString()!;
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-Id").Single());
        Assert.Equal("$", error.GetProperty("field").GetString());
        Assert.DoesNotContain("secret internals", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        lock (logs)
        {
            Assert.Contains(logs, l => l.Contains(requestId, StringComparison.Ordinal) && l.Contains("secret internals", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RunCode_PastRequestDeadline_Returns504WithBody()
    {
        await using var h = await ServerHarness.StartAsync(o => o with
        {
            Sandboxes = new HangingSandboxProvider(),
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });
        var response = await h.PostAsync("/run_code", """{"code": "print(1)", "language": "python"}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Contains("request deadline", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/score", HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/nope", HttpStatusCode.NotFound)]
    [InlineData("GET", "/etc/passwd", HttpStatusCode.NotFound)]
    public async Task Routing_UnknownPathOrMethod_AnswersWithErrorBody(string method, string path, HttpStatusCode status)
    {
        await using var h = await ServerHarness.StartAsync();
        var response = await h.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("$", (await ErrorAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task BearerToken_Missing_401BodyNamesAuthorization()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { BearerToken = "t0ken" });
        var response = await h.PostAsync("/made/up/path", "{}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Authorization", (await ErrorAsync(response)).GetProperty("field").GetString());
        var metrics = await (await h.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "Authorization", "Bearer t0ken" } } })).Content.ReadAsStringAsync();
        Assert.DoesNotContain("/made/up/path", metrics, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{(int)response.StatusCode} with an empty body");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error").Clone();
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error;
    }

    private sealed class FailingSandboxProvider : ISandboxProvider
    {
        public ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internals");
    }

    private sealed class HangingSandboxProvider : ISandboxProvider
    {
        public async ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
