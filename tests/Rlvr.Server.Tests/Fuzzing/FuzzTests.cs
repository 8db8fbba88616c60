using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Sandboxing;
using Xunit.Abstractions;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>
/// Structure-aware fuzzing of every input path a client or a data file reaches: JSONL lines and samples of every
/// environment (in process), every endpoint of the server (in memory through the real ASP.NET pipeline, then a smaller
/// number over real HTTP, plus raw-socket cases a client library cannot send). Seeded (<see cref="FuzzCases.Seed"/>),
/// bounded by a fixed number of cases. Each test prints its case count; together they run more than 100,000.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int SampleCasesPerEnvironment = 10_000;
    private const int InMemoryRequestCases = 21_000;
    private const int HttpRequestCases = 600;

    [Fact]
    public void Samples_MutatedForEveryEnvironment_ParsedOrRejectedWithAPath()
    {
        long cases = 0, rejected = 0;
        var watch = Stopwatch.StartNew();

        // What a server request sees: no host paths.
        using var scope = ProblemFileAccess.Enter(ProblemFileAccess.Denied);
        for (int e = 0; e < FuzzCases.Environments.Length; e++)
        {
            var environment = FuzzCases.Environments[e];
            string[] seeds = FuzzCases.Samples(environment);
            foreach (var (seed, path, kind, payload) in FuzzCases.Generate(seeds.Length, SampleCasesPerEnvironment, (uint)(10 + e)))
            {
                byte[] bytes = JsonMutator.Mutate(seeds[seed], path, kind, payload, out string description);
                string where = $"{environment.Name} seed {seed} path {path} kind {kind} payload {payload} ({description})";
                if (!CheckLine(bytes, environment, where))
                {
                    rejected++;
                }

                cases++;
            }
        }

        output.WriteLine($"fuzz: {cases} sample cases over {FuzzCases.Environments.Length} environments, {rejected} rejected with a path, {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(SampleCasesPerEnvironment * FuzzCases.Environments.Length, cases);
        Assert.InRange(rejected, cases / 10, cases - 1); // the mutations reach both outcomes
    }

    [Fact]
    public async Task Endpoints_MutatedRequestsInMemory_AnsweredWithStatusAndPath()
    {
        await using var server = await StartAsync(inMemory: true);
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();
        var (cases, statuses) = await RunRequestsAsync(client, InMemoryRequestCases, stream: 100);
        output.WriteLine($"fuzz: {cases} in-memory requests over {FuzzCases.Requests.Length} endpoints; statuses {Format(statuses)}");
        Assert.Equal(InMemoryRequestCases, cases);
        Assert.True(statuses.Keys.Count(s => s >= 400) >= 2, Format(statuses));
    }

    [Fact]
    public async Task Endpoints_MutatedRequestsOverHttp_AnsweredAndServerKeepsServing()
    {
        await using var server = await StartAsync(inMemory: false);
        using var client = new HttpClient { BaseAddress = server.Addresses[0], Timeout = TimeSpan.FromSeconds(60) };
        var (cases, statuses) = await RunRequestsAsync(client, HttpRequestCases, stream: 200);
        output.WriteLine($"fuzz: {cases} HTTP requests; statuses {Format(statuses)}");
        Assert.Equal(HttpRequestCases, cases);
    }

    [Fact]
    public async Task RawSockets_TruncatedStalledAndMislabelledBodies_OthersStillAnswered()
    {
        await using var server = await StartAsync(inMemory: false);
        var address = server.Addresses[0];
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        string valid = FuzzCases.Requests[0].Body;

        // A body shorter than its Content-Length, then the client closes: nobody to answer, and the server goes on.
        await RawAsync(address, $"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{{\"items\": [", closeAfterSend: true);

        // A chunked body that stalls half-way while other clients are served.
        var stalled = RawAsync(address, "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"ite\r\n", closeAfterSend: false, holdFor: TimeSpan.FromSeconds(3));
        var during = await client.PostAsync("/v1/score", new StringContent(valid, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        await stalled;

        // A malformed chunk header: Kestrel's own 400, in our error shape.
        string bad = await RawAsync(address, "POST /v1/score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n", closeAfterSend: false);
        Assert.StartsWith("HTTP/1.1 400", bad, StringComparison.Ordinal);
        Assert.Contains("\"error\"", bad, StringComparison.Ordinal);

        // Content types that are not JSON, and no content type at all: the body decides, errors name a path.
        foreach (string type in new[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1" })
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(valid));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            var response = await client.PostAsync("/v1/score", content);
            await AssertAnsweredAsync(response, $"content type {type}");
        }

        var afterwards = await client.PostAsync("/v1/score", new StringContent(valid, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        output.WriteLine("fuzz: 8 raw-socket and content-type cases");
    }

    /// <summary>Parses one mutated line as <c>rlvr eval</c> does; returns whether it was accepted. Any exception fails the case.</summary>
    internal static bool CheckLine(byte[] bytes, IEnvironment environment, string where)
    {
        try
        {
            string line = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes);
            var record = JsonlReader.Parse(line, "fuzz.jsonl", 1);
            if (record.Error is { } error)
            {
                Assert.True(error.Line == 1 && error.ToString().StartsWith("fuzz.jsonl:1: ", StringComparison.Ordinal), where + ": " + error);
                return false;
            }

            if (SampleParser.TryParse(record.Value, environment, out var request, out string? field, out string? message))
            {
                Assert.NotNull(request);
                return true;
            }

            Assert.True(field is { Length: > 0 } && field.StartsWith('$'), $"{where}: field '{field}'");
            Assert.False(string.IsNullOrWhiteSpace(message), where);
            return false;
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{where}: {ex}");
        }
    }

    internal static Task<RewardServer> StartAsync(bool inMemory, Func<RewardServerOptions, RewardServerOptions>? configure = null) =>
        RewardServer.StartAsync((configure ?? (o => o))(new RewardServerOptions
        {
            Urls = ["http://127.0.0.1:0"],
            Environments = [.. FuzzCases.Environments],
            Scoring = new Core.Scoring.ScoringOptions { MaxDegreeOfParallelism = 4, ItemTimeout = TimeSpan.FromSeconds(10) },
            Sandboxes = new RecordingSandboxProvider(new ExecResult { ExitCode = 0, Stdout = "7\n"u8.ToArray(), WallTime = TimeSpan.FromMilliseconds(1) }),
            ConfigureWebHost = inMemory ? w => w.UseTestServer() : null,
            ConfigureLogging = b => b.AddProvider(new ListLoggerProvider(Logs)),
        }));

    /// <summary>What the fuzzed servers logged; a 500 shows the exception behind it.</summary>
    internal static readonly List<string> Logs = [];

    internal static async Task AssertAnsweredAsync(HttpResponseMessage response, string where)
    {
        int status = (int)response.StatusCode;
        string text = await response.Content.ReadAsStringAsync();
        if (status == 500)
        {
            string logged;
            lock (Logs)
            {
                logged = string.Join("\n", Logs.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(1));
            }

            Assert.Fail($"{where}: 500 {text[..Math.Min(400, text.Length)]}\n{logged}");
        }

        Assert.True(status is >= 200 and < 500 or 503 or 504, $"{where}: {status} {text[..Math.Min(400, text.Length)]}");
        Assert.False(string.IsNullOrEmpty(text), $"{where}: {status} with an empty body");
        using var document = JsonDocument.Parse(text);
        if (status >= 400)
        {
            Assert.True(document.RootElement.TryGetProperty("error", out var error), $"{where}: {status} {text[..Math.Min(400, text.Length)]}");
            string? field = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("field", out var f) ? f.GetString() : null;
            // A JSON path, or a query parameter as ?name.
            Assert.True(field is { Length: > 0 } && (field.StartsWith('$') || field.StartsWith('?')), $"{where}: {status} error without a path: {text[..Math.Min(400, text.Length)]}");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), where);
        }
    }

    private static async Task<(int Cases, SortedDictionary<int, int> Statuses)> RunRequestsAsync(HttpClient client, int count, uint stream)
    {
        var statuses = new SortedDictionary<int, int>();
        int cases = 0;
        foreach (var (seed, path, kind, payload) in FuzzCases.Generate(FuzzCases.Requests.Length, count, stream))
        {
            var (endpoint, body) = FuzzCases.Requests[seed];
            byte[] bytes = JsonMutator.Mutate(body, path, kind, payload, out string description);
            string where = $"{endpoint} path {path} kind {kind} payload {payload} ({description})";
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(endpoint, content);
            await AssertAnsweredAsync(response, where);
            statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
            cases++;
        }

        return (cases, statuses);
    }

    private static async Task<string> RawAsync(Uri address, string request, bool closeAfterSend, TimeSpan? holdFor = null)
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        if (closeAfterSend)
        {
            return string.Empty;
        }

        if (holdFor is { } hold)
        {
            await Task.Delay(hold);
            return string.Empty;
        }

        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        try
        {
            while (!text.ToString().Contains("\r\n\r\n{", StringComparison.Ordinal) || !text.ToString().TrimEnd().EndsWith('}'))
            {
                int n = await stream.ReadAsync(buffer, read.Token);
                if (n == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return text.ToString();
    }

    private static string Format(SortedDictionary<int, int> statuses) => string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"));
}
