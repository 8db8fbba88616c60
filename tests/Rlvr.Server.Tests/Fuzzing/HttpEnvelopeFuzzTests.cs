using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>
/// Fuzzing of what surrounds a body: the bearer token (header, query, path prefix; right, wrong, malformed, doubled),
/// query strings, content types, content encodings and oversized headers, on every endpoint of a server started with
/// <c>--token</c>; then, over real sockets, bodies whose Content-Length does not match and bodies that stall.
/// A request with the token is never refused for it, one without is always 401 (probes excepted), and every answer
/// has the documented body.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class HttpEnvelopeFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 6_000;
    private const string Token = "fuzz-token";

    private static readonly (string Method, string Path, string? Body)[] Targets =
    [
        .. FuzzCases.Requests.Select(r => ("POST", r.Path, (string?)r.Body)),
        ("GET", "/metrics", null),
        ("GET", "/healthz", null),
        ("GET", "/readyz", null),
        ("GET", "/state", null),
        ("GET", "/schema", null),
        ("POST", "/reset", """{"env": "test/number", "problem_id": "answer-1"}"""),
    ];

    private static readonly string?[] ContentTypes =
        ["application/json", null, "text/plain", "application/json; charset=utf-16", "garbage/////", "multipart/form-data", "application/json; charset=\"\"", "application/x-ndjson"];

    private static readonly string[] Encodings = ["gzip-valid", "gzip-invalid", "br", "deflate", "identity", "x-unknown", "gzip, gzip"];

    [Fact]
    public async Task Envelope_TokensQueriesContentTypesAndEncodings_AnsweredAndTokenHonoured()
    {
        var watch = Stopwatch.StartNew();
        await using var server = await FuzzTests.StartAsync(inMemory: true, o => o with { BearerToken = Token });
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();
        var statuses = new SortedDictionary<int, int>();
        int cases = 0, refused = 0;
        foreach (var (seed, _, variant, payload) in FuzzCases.Generate(Targets.Length, Cases, stream: 400))
        {
            var random = new Random(payload);
            var (method, path, body) = Targets[seed];
            var (url, header, authorized) = Auth(random.Next(16), path, random);
            string query = random.Next(4) == 0 ? Query(random) : string.Empty;
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query.TrimStart('?');
            using var request = new HttpRequestMessage(new HttpMethod(method), url.TrimEnd('?', '&'));
            if (header is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", header);
            }

            string where = $"case {cases}: {method} {url[..Math.Min(120, url.Length)]} auth '{header?[..Math.Min(40, header.Length)]}'";
            if (body is not null)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(body);
                string? encoding = random.Next(5) == 0 ? Encodings[random.Next(Encodings.Length)] : null;
                if (encoding == "gzip-valid")
                {
                    bytes = Gzip(bytes);
                }

                var content = new ByteArrayContent(bytes);
                string? type = ContentTypes[variant % ContentTypes.Length];
                if (type is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Type", type);
                }

                if (encoding is not null)
                {
                    content.Headers.TryAddWithoutValidation("Content-Encoding", encoding.StartsWith("gzip-", StringComparison.Ordinal) ? "gzip" : encoding);
                }

                request.Content = content;
                where += $" type '{type}' encoding '{encoding}'";
            }

            if (random.Next(20) == 0)
            {
                request.Headers.TryAddWithoutValidation("X-Padding", new string('p', 16_000 + random.Next(30_000)));
            }

            using var response = await client.SendAsync(request);
            int status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            bool probe = path is "/healthz" or "/readyz";
            if (authorized == true || probe)
            {
                Assert.True(status != 401, $"{where}: refused although the token was given");
            }

            if (authorized == false && !probe)
            {
                Assert.True(status == 401, $"{where}: {status} without a valid token");
            }

            if (status == 401)
            {
                refused++;
                string text = await response.Content.ReadAsStringAsync();
                using var document = JsonDocument.Parse(text);
                Assert.Equal("Authorization", document.RootElement.GetProperty("error").GetProperty("field").GetString());
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
            }
            else if (path == "/metrics" && status == 200)
            {
                Assert.Contains("rlvr_requests_total", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            else
            {
                await FuzzTests.AssertAnsweredAsync(response, where);
            }

            cases++;
        }

        output.WriteLine($"fuzz: {cases} envelope requests ({refused} refused 401), {watch.Elapsed.TotalSeconds:0.0} s; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"))}");
        Assert.Equal(Cases, cases);
        Assert.InRange(refused, Cases / 10, Cases - Cases / 10);
    }

    [Fact]
    public async Task RawSockets_ContentLengthMismatchesAndStalledBodies_AnsweredWithAnErrorBody()
    {
        await using var server = await FuzzTests.StartAsync(inMemory: false);
        var address = server.Addresses[0];
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        string valid = FuzzCases.Requests[0].Body;

        // A body that stalls (fewer bytes than its Content-Length, or a chunk that never ends) while the client keeps
        // the connection: once the server's minimum body data rate lapses it answers 408 with the error body.
        var stalledLength = RawAsync(address, $"POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"items\": [");
        var stalledChunk = RawAsync(address, "POST /get_reward HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n{\"query\": [\"1\"]");

        // Meanwhile other clients are served.
        using var during = await client.PostAsync("/v1/score", new StringContent(valid, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);

        foreach (string answer in new[] { await stalledLength, await stalledChunk })
        {
            output.WriteLine(answer);
            Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
            AssertErrorBody(answer);
        }

        // A Content-Length shorter than the body: the request is the declared bytes (here malformed JSON, 400 with a
        // path); the rest is not a request (Kestrel's 400, in our shape) or is ignored when the connection closes.
        string shorter = await RawAsync(address, "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n" + valid);
        Assert.StartsWith("HTTP/1.1 400", shorter, StringComparison.Ordinal);
        AssertErrorBody(shorter);

        // Both Content-Length and chunked: a request smuggling shape, refused by Kestrel with our body.
        string both = await RawAsync(address, "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        Assert.Matches("^HTTP/1.1 (400|4..)", both);

        using var afterwards = await client.PostAsync("/v1/score", new StringContent(valid, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        output.WriteLine("fuzz: 4 raw-socket length and stall cases");
    }

    /// <summary>The request URL and Authorization header of one token variant, and whether it carries the token (null: either).</summary>
    private static (string Url, string? Header, bool? Authorized) Auth(int variant, string path, Random random) => variant switch
    {
        0 => (path, null, false),
        1 => (path, "Bearer " + Token, true),
        2 => (path, "Bearer wrong-" + random.Next(1000), false),
        3 => (path, "bearer " + Token, null),
        4 => (path, "Bearer " + new string('t', 10_000 + random.Next(10_000)), false),
        5 => (path, "Basic Zm9vOmJhcg==", false),
        6 => (path + "?token=" + Token, null, true),
        7 => (path + "?token=fuzz%2Dtoken", null, true),
        8 => (path + "?token=%ZZ", null, false),
        9 => (path + "?token=" + Token + "&token=other", null, null),
        10 => ("/token/" + Token + path, null, true),
        11 => ("/token/%66uzz-token" + path, null, true),
        12 => ("/token/" + path, null, null),
        13 => ("/ng-rollout/r" + random.Next(100) + "/token/" + Token + path, null, true),
        14 => (path + "?token=" + Token, "Bearer wrong", null),
        _ => ("/token/wrong" + path, null, false),
    };

    private static string Query(Random random) => random.Next(6) switch
    {
        0 => "?env=no/such",
        1 => "?env=%00",
        2 => "?env=math&env=test/number",
        3 => "?" + new string('q', 5_000) + "=1",
        4 => "?episode_id=%E0%A4%A",
        _ => "?env=",
    };

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static void AssertErrorBody(string answer)
    {
        int start = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(start > 0, answer);
        string body = answer[(start + 4)..];
        if (answer[..start].Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        Assert.StartsWith("$", error.GetProperty("field").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), answer);
    }

    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        int at = 0;
        while (at < chunked.Length)
        {
            int end = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            int size = Convert.ToInt32(chunked[at..end].Split(';')[0], 16);
            if (size == 0)
            {
                break;
            }

            body.Append(chunked, end + 2, size);
            at = end + 2 + size + 2;
        }

        return body.ToString();
    }

    /// <summary>Sends <paramref name="request"/> and keeps the connection open until the server answers (or 30 s pass).</summary>
    private static async Task<string> RawAsync(Uri address, string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var read = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                string so = text.ToString();
                int head = so.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (head > 0 && so.Length > head + 4 && (so.TrimEnd().EndsWith('}') || so.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal)))
                {
                    break;
                }

                int n = await stream.ReadAsync(buffer, read.Token);
                if (n == 0)
                {
                    break;
                }

                text.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }

        return text.ToString();
    }
}
