using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Rlvr.Server.Tests.Fuzzing;

/// <summary>
/// Fuzzing of the episode endpoints, in memory through the real pipeline: OpenEnv <c>/reset</c>, <c>/step</c>,
/// <c>/state</c>, <c>/close</c> and NeMo-Gym <c>/seed_session</c>, tool routes and <c>/verify</c> with the session
/// cookie. Bodies are mutated like every other request (<see cref="JsonMutator"/>), and the episode a request names is
/// live, closed (a replay), unknown, empty, huge or of the wrong type. Every answer must be the documented one, the
/// sessions never exceed their capacity, and the server still runs a whole episode afterwards.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class EpisodeFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 6_000;
    private const int MaxLive = 8;

    [Fact]
    public async Task Episodes_MutatedRequestsAndStaleIds_AnsweredAndSessionsBounded()
    {
        var watch = Stopwatch.StartNew();
        await using var server = await FuzzTests.StartAsync(inMemory: true);
        var state = server.Services.GetRequiredService<ServerState>();
        using var client = ((TestServer)server.Services.GetRequiredService<IServer>()).CreateClient();
        string ctf = state.Environment("cyber/ctf", "$").ProblemIds[0];
        var live = new List<string>();
        var closed = new List<string>();
        var cookies = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        int cases = 0;

        foreach (var (seed, path, kind, payload) in FuzzCases.Generate(8, Cases, stream: 300))
        {
            var random = new Random(payload);
            string id = PickId(random, live, closed, cases);
            string idJson = random.Next(12) == 0 ? WrongType(random) : JsonSerializer.Serialize(id);
            bool mutate = random.Next(3) != 0;
            HttpRequestMessage request;
            string where;
            switch (seed)
            {
                case 0 or 1:
                {
                    string body = seed == 0
                        ? $$"""{"env": "test/number", "problem_id": "answer-{{1 + random.Next(5)}}", "episode_id": {{idJson}}}"""
                        : $$"""{"env": "cyber/ctf", "seed": {{random.Next(100)}}, "episode_id": {{idJson}}}""";
                    request = Post("/reset", body, mutate, path, kind, payload, out where);
                    break;
                }

                case 2 or 3:
                {
                    string action = seed == 2 ? """{"message": "The answer is 7."}""" : """{"tool": "run", "arguments": {"command": "ls"}}""";
                    request = Post("/step", $$"""{"episode_id": {{idJson}}, "action": {{action}}}""", mutate, path, kind, payload, out where);
                    break;
                }

                case 4:
                {
                    string query = random.Next(6) switch
                    {
                        0 => string.Empty,
                        1 => "?episode_id=",
                        2 => $"?episode_id={Uri.EscapeDataString(id)}&episode_id=other",
                        3 => "?episode_id=%ZZ%00" + new string('x', random.Next(3000)),
                        _ => "?episode_id=" + Uri.EscapeDataString(id),
                    };
                    request = new HttpRequestMessage(HttpMethod.Get, "/state" + query);
                    where = "GET /state" + query[..Math.Min(60, query.Length)];
                    break;
                }

                case 5:
                    request = Post("/close", $$"""{"episode_id": {{idJson}}}""", mutate, path, kind, payload, out where);
                    break;
                case 6:
                    request = Post("/seed_session", $$"""{"env": "cyber/ctf", "problem_id": "{{ctf}}"}""", mutate, path, kind, payload, out where);
                    break;
                default:
                {
                    string route = random.Next(4) switch { 0 => "/verify", 1 => "/no_such_tool", _ => "/run" };
                    string body = route == "/verify" ? FuzzCases.Requests[2].Body : """{"command": "cat flag.txt"}""";
                    request = Post(route, body, mutate, path, kind, payload, out where);
                    string cookie = cookies.Count > 0 && random.Next(3) != 0 ? cookies[random.Next(cookies.Count)] : id;
                    request.Headers.TryAddWithoutValidation("Cookie", "rlvr_episode=" + cookie);
                    where += " cookie " + cookie[..Math.Min(40, cookie.Length)];
                    break;
                }
            }

            using (request)
            {
                using var response = await client.SendAsync(request);
                await FuzzTests.AssertAnsweredAsync(response, $"case {cases}: {where}");
                int status = (int)response.StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status == 200 && seed is 0 or 1)
                {
                    using var opened = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                    string openedId = opened.RootElement.GetProperty("observation").GetProperty("episode_id").GetString()!;
                    live.Remove(openedId);
                    live.Add(openedId);
                }

                if (response.Headers.TryGetValues("Set-Cookie", out var set) && set.FirstOrDefault() is { } cookie && cookie.StartsWith("rlvr_episode=", StringComparison.Ordinal))
                {
                    cookies.Add(cookie["rlvr_episode=".Length..cookie.IndexOf(';', StringComparison.Ordinal)]);
                }
            }

            Assert.InRange(state.Episodes.Active, 0, state.Episodes.Capacity);
            while (live.Count > MaxLive)
            {
                await CloseAsync(client, live[0]);
                closed.Add(live[0]);
                live.RemoveAt(0);
            }

            while (cookies.Count > MaxLive)
            {
                await VerifyAsync(client, cookies[0]);
                cookies.RemoveAt(0);
            }

            cases++;
        }

        // Afterwards the server still runs a whole episode.
        foreach (string id in live)
        {
            await CloseAsync(client, id);
        }

        foreach (string cookie in cookies)
        {
            await VerifyAsync(client, cookie);
        }

        Assert.Equal(0, state.Episodes.Active);

        using var reset = await client.PostAsync("/reset", Json("""{"env": "test/number", "problem_id": "answer-2", "episode_id": "final"}"""));
        using var resetAgain = await client.PostAsync("/reset", Json("""{"env": "test/number", "problem_id": "answer-3", "episode_id": "final"}"""));
        using var step = await client.PostAsync("/step", Json("""{"episode_id": "final", "action": {"message": "3"}}"""));
        string stepped = await step.Content.ReadAsStringAsync();
        output.WriteLine($"fuzz: {cases} episode requests, {watch.Elapsed.TotalSeconds:0.0} s; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"))}");
        Assert.Equal(Cases, cases);
        Assert.Equal(System.Net.HttpStatusCode.OK, resetAgain.StatusCode);
        Assert.True(step.IsSuccessStatusCode, stepped);
        Assert.Equal(1.0, JsonDocument.Parse(stepped).RootElement.GetProperty("reward").GetDouble());
        Assert.True(statuses.Keys.Count(s => s is >= 400 and < 500) >= 4, string.Join(", ", statuses.Keys));
    }

    private static string PickId(Random random, List<string> live, List<string> closed, int cases) => random.Next(10) switch
    {
        < 4 when live.Count > 0 => live[random.Next(live.Count)],
        < 6 when closed.Count > 0 => closed[random.Next(closed.Count)],
        6 => string.Empty,
        7 => new string('e', 200 + random.Next(200)),
        8 => "ép\u0000/../" + cases,
        _ => "f" + cases,
    };

    private static string WrongType(Random random) => random.Next(5) switch
    {
        0 => "17",
        1 => "null",
        2 => "[\"a\"]",
        3 => "{\"id\": \"a\"}",
        _ => "true",
    };

    private static HttpRequestMessage Post(string route, string body, bool mutate, int path, int kind, int payload, out string where)
    {
        byte[] bytes = mutate ? JsonMutator.Mutate(body, path, kind, payload, out _) : System.Text.Encoding.UTF8.GetBytes(body);
        where = $"POST {route} {(mutate ? $"path {path} kind {kind} payload {payload}" : "as is")}: {System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(160, bytes.Length)])}";
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>Ends a NeMo-Gym episode the way SimpleAgent does: <c>/verify</c> with its cookie.</summary>
    private static async Task VerifyAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verify") { Content = Json(FuzzCases.Requests[2].Body) };
        request.Headers.TryAddWithoutValidation("Cookie", "rlvr_episode=" + cookie);
        using var response = await client.SendAsync(request);
        await FuzzTests.AssertAnsweredAsync(response, "verify " + cookie);
    }

    private static async Task CloseAsync(HttpClient client, string id)
    {
        using var response = await client.PostAsync("/close", Json(JsonSerializer.Serialize(new { episode_id = id })));
        await FuzzTests.AssertAnsweredAsync(response, "close " + id);
    }
}
