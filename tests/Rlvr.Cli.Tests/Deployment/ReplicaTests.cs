using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>
/// Two real <c>rlvr serve</c> replicas (the built tool) sharing a private redis-server score cache, behind Debian's
/// nginx with a generated config (<see cref="NginxFront"/>, episode affinity by replica ids a and b): a load run through nginx
/// with one replica drained by SIGTERM mid-run, and a score computed on one replica answered from the cache on the other.
/// </summary>
public sealed partial class ReplicaTests
{
    private const string RedisServer = "/usr/bin/redis-server";

    [Fact]
    public async Task Replicas_BehindNginxWithOneDrainedMidRun_EveryItemAnsweredOnceAndCacheShared()
    {
        Assert.True(File.Exists(NginxFront.Nginx), "nginx is not installed; run scripts/test.sh (it installs Debian's nginx-light)");
        Assert.True(File.Exists(RedisServer), "redis-server is not installed; run scripts/test.sh (it installs Debian's redis-server)");
        var dir = Directory.CreateTempSubdirectory("rlvr-replicas-");
        var processes = new List<Process>();
        try
        {
            int redisPort = FreePort();
            processes.Add(LocalProcesses.Start(RedisServer, "--port", Invariant(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            await LocalProcesses.WaitListeningAsync(redisPort, "redis-server", TimeSpan.FromSeconds(10));
            string cache = $"redis://127.0.0.1:{Invariant(redisPort)}";

            int portA = FreePort();
            int portB = FreePort();
            var (replicaA, logA) = await StartReplicaAsync(portA, cache, "a");
            processes.Add(replicaA);
            var (replicaB, logB) = await StartReplicaAsync(portB, cache, "b");
            processes.Add(replicaB);

            int nginxPort = FreePort();
            processes.Add(await NginxFront.StartAsync(dir.FullName, nginxPort, [portA, portB], ["a", "b"]));

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };

            // The shared cache: a batch scored on A is answered from Redis on B, which never computed it.
            string cached = Batch("cache", 0, 5);
            var first = await PostAsync(client, portA, cached);
            var second = await PostAsync(client, portB, cached);
            Assert.Equal(Rewards(first), Rewards(second));
            Assert.Equal(0, await FromCacheAsync(client, portA));
            Assert.Equal(5, await FromCacheAsync(client, portB));

            // Episode sessions through nginx stay on the replica that opened them, while scoring load spreads over both.
            await SessionsStayOnTheirReplicaAsync(nginxPort, portA);

            // The load run: 400 requests of 3 items through nginx, 16 at once; B gets SIGTERM after 100 answers.
            const int requests = 400;
            const int perRequest = 3;
            var answers = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
            var duplicates = new ConcurrentBag<string>();
            var upstreams = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            var failures = new ConcurrentBag<string>();
            int done = 0;
            var drained = new TaskCompletionSource();
            await Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) =>
            {
                using var response = await client.PostAsync(
                    new Uri($"http://127.0.0.1:{Invariant(nginxPort)}/v1/score"),
                    new StringContent(Batch("load", r, perRequest), Encoding.UTF8, "application/json"),
                    ct);
                string text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"request {r}: {(int)response.StatusCode} {text}");
                    return;
                }

                upstreams.AddOrUpdate(response.Headers.TryGetValues("X-Upstream", out var u) ? string.Join(",", u) : "?", 1, (_, n) => n + 1);
                foreach (var (id, reward) in Rewards(text))
                {
                    if (!answers.TryAdd(id, reward))
                    {
                        duplicates.Add(id);
                    }
                }

                if (Interlocked.Increment(ref done) == 100)
                {
                    Signal(replicaB.Id, "TERM");
                    drained.SetResult();
                }
            });

            Assert.True(drained.Task.IsCompleted);
            Assert.Empty(failures);
            Assert.Empty(duplicates);
            Assert.Equal(requests * perRequest, answers.Count);
            for (int r = 0; r < requests; r++)
            {
                for (int j = 0; j < perRequest; j++)
                {
                    string id = $"load-{Invariant(r)}-{Invariant(j)}";
                    Assert.True(answers.TryGetValue(id, out double reward), $"{id} was not answered");
                    Assert.Equal(Correct(r, j) ? 1.0 : 0.0, reward);
                }
            }

            // Both replicas answered before the drain; B exited by itself (0) after finishing its accepted work.
            Assert.Contains(upstreams.Keys, k => k.EndsWith(":" + Invariant(portA), StringComparison.Ordinal));
            Assert.Contains(upstreams.Keys, k => k.EndsWith(":" + Invariant(portB), StringComparison.Ordinal));
            await replicaB.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, replicaB.ExitCode);
            _ = logA;
            _ = logB;
        }
        finally
        {
            await LocalProcesses.StopAllAsync(processes);
            dir.Delete(recursive: true);
        }
    }

    private static bool Correct(int request, int item) => (request + item) % 2 == 0;

    /// <summary>A /v1/score body of math items "a+b" with ids prefix-request-item, half of them answered correctly.</summary>
    private static string Batch(string prefix, int request, int count)
    {
        var items = new List<object>();
        for (int j = 0; j < count; j++)
        {
            int a = 1000 + request;
            int b = 7 * j + 3;
            int answer = Correct(request, j) ? a + b : a + b + 1;
            items.Add(new
            {
                id = $"{prefix}-{Invariant(request)}-{Invariant(j)}",
                problem = new { question = $"What is {Invariant(a)}+{Invariant(b)}?", answer = Invariant(a + b) },
                completion = $"The sum is \\boxed{{{Invariant(answer)}}}",
            });
        }

        return JsonSerializer.Serialize(new { env = "math", items });
    }

    private static List<(string Id, double Reward)> Rewards(string response)
    {
        using var document = JsonDocument.Parse(response);
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("id").GetString()!, r.GetProperty("reward").GetDouble()))];
    }

    private static async Task<string> PostAsync(HttpClient client, int port, string body)
    {
        using var response = await client.PostAsync(new Uri($"http://127.0.0.1:{Invariant(port)}/v1/score"), new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }

    private static async Task<int> FromCacheAsync(HttpClient client, int port)
    {
        string metrics = await client.GetStringAsync(new Uri($"http://127.0.0.1:{Invariant(port)}/metrics"));
        var match = FromCache().Match(metrics);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Opens sessions through nginx (NeMo-Gym and OpenEnv HTTP, alternately) until both replicas hold some, then steps
    /// every session through nginx while a scoring load runs: each step is answered by the replica whose prefix the
    /// session id carries (<c>X-Rlvr-Replica</c>) and sees the total the earlier steps left there; each episode ends
    /// rewarded. A session of B sent straight to A is refused with 421 naming both replicas.
    /// </summary>
    private static async Task SessionsStayOnTheirReplicaAsync(int nginxPort, int portA)
    {
        // Each session sends its own cookie (as NeMo-Gym keeps one per rollout), not a jar shared by all.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { Timeout = TimeSpan.FromSeconds(120) };
        var front = new Uri($"http://127.0.0.1:{Invariant(nginxPort)}");
        var sessions = new List<(string Id, bool NemoGym, string Replica)>();
        for (int i = 0; i < 12 && !(sessions.Any(s => s.Replica == "a") && sessions.Any(s => s.Replica == "b") && sessions.Count >= 4); i++)
        {
            bool nemo = i % 2 == 0;
            using var response = nemo
                ? await SendAsync(client, new Uri(front, "/seed_session"), """{"env": "test/counter", "problem_id": "c1", "responses_create_params": {"input": []}}""", null)
                : await SendAsync(client, new Uri(front, "/reset"), """{"env": "test/counter", "problem_id": "c1"}""", null);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            using var json = JsonDocument.Parse(text);
            string id = nemo ? json.RootElement.GetProperty("episode_id").GetString()! : json.RootElement.GetProperty("observation").GetProperty("episode_id").GetString()!;
            string replica = Replica(response);
            Assert.StartsWith(replica + ".", id, StringComparison.Ordinal);
            if (nemo)
            {
                Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("rlvr_episode=" + id, StringComparison.Ordinal));
            }

            sessions.Add((id, nemo, replica));
        }

        Assert.Contains(sessions, s => s.Replica == "a");
        Assert.Contains(sessions, s => s.Replica == "b");

        using var load = new CancellationTokenSource();
        var loadErrors = new ConcurrentBag<string>();
        var loadUpstreams = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var loadRun = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (int r = 0; !load.IsCancellationRequested; r++)
            {
                using var response = await SendAsync(client, new Uri(front, "/v1/score"), Batch($"during-{Invariant(worker)}", r, 3), null);
                string text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK || Rewards(text).Any(x => x.Reward != (Correct(r, int.Parse(x.Id.Split('-')[^1], CultureInfo.InvariantCulture)) ? 1.0 : 0.0)))
                {
                    loadErrors.Add($"{(int)response.StatusCode} {text}");
                }

                loadUpstreams.AddOrUpdate(Replica(response), 1, (_, n) => n + 1);
            }
        })));

        const int steps = 5;
        await Task.WhenAll(sessions.Select(session => Task.Run(async () =>
        {
            string cookie = session.NemoGym ? "rlvr_episode=" + session.Id : null!;
            for (int step = 1; step <= steps; step++)
            {
                using var response = session.NemoGym
                    ? await SendAsync(client, new Uri(front, "/add"), """{"n": 2}""", cookie)
                    : await SendAsync(client, new Uri(front, "/step?episode_id=" + session.Id), StepBody(session.Id, "add", 2), null);
                string text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"step {step} of {session.Id}: {(int)response.StatusCode} {text}");
                Assert.Equal(session.Replica, Replica(response));
                using var json = JsonDocument.Parse(text);
                string observation = session.NemoGym ? json.RootElement.GetProperty("output").GetString()! : json.RootElement.GetProperty("observation").GetProperty("text").GetString()!;
                Assert.Equal("total " + Invariant(2 * step), observation);
            }

            if (session.NemoGym)
            {
                using var submit = await SendAsync(client, new Uri(front, "/submit"), "{}", cookie);
                Assert.Equal(session.Replica, Replica(submit));
                Assert.Contains("\"done\":true", await submit.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            using var end = session.NemoGym
                ? await SendAsync(client, new Uri(front, "/verify"), """{"responses_create_params": {"input": []}, "response": {"output": []}}""", cookie)
                : await SendAsync(client, new Uri(front, "/step?episode_id=" + session.Id), StepBody(session.Id, "submit", null), null);
            string endText = await end.Content.ReadAsStringAsync();
            Assert.True(end.StatusCode == HttpStatusCode.OK, endText);
            Assert.Equal(session.Replica, Replica(end));
            using var endJson = JsonDocument.Parse(endText);
            Assert.Equal(1.0, endJson.RootElement.GetProperty("reward").GetDouble());
        })));

        await load.CancelAsync();
        await loadRun;
        Assert.Empty(loadErrors);
        Assert.True(loadUpstreams.ContainsKey("a") && loadUpstreams.ContainsKey("b"), "the scoring load reached both replicas: " + string.Join(", ", loadUpstreams));

        // Misrouted (straight to A, around nginx): a clear 421, not a 404.
        var ofB = sessions.First(s => s.Replica == "b");
        using var misrouted = await SendAsync(client, new Uri($"http://127.0.0.1:{Invariant(portA)}/step"), StepBody(ofB.Id, "add", 1), null);
        string misroutedText = await misrouted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.MisdirectedRequest, misrouted.StatusCode);
        Assert.Contains("belongs to replica 'b', and this is replica 'a'", misroutedText, StringComparison.Ordinal);
    }

    private static string StepBody(string episode, string tool, int? n) =>
        JsonSerializer.Serialize(new { episode_id = episode, action = new { tool, arguments = n is { } value ? new Dictionary<string, int> { ["n"] = value } : [] } });

    private static string Replica(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Rlvr-Replica", out var values) ? string.Join(",", values) : "?";

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Uri uri, string json, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return client.SendAsync(request);
    }

    private static async Task<(Process Process, Task Log)> StartReplicaAsync(int port, string cache, string replicaId)
    {
        var process = CliRunner.Start(
            redirectStdin: false,
            "serve",
            "--env",
            "math",
            "--env",
            "test/counter",
            "--assembly",
            typeof(CounterEnvironment).Assembly.Location,
            "--replica-id",
            replicaId,
            "--no-sandbox",
            "--urls",
            $"http://127.0.0.1:{Invariant(port)}",
            "--cache",
            cache);
        var stdout = process.StandardOutput.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90))) is not null && !line.StartsWith("rlvr serve:", StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, $"rlvr serve on port {port} exited before listening");
        var stderr = process.StandardError.ReadToEndAsync();
        return (process, Task.WhenAll(stdout, stderr));
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Invariant(pid)]);
        kill.WaitForExit();
    }

    private static int FreePort() => LocalProcesses.FreePort();

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^rlvr_items_from_cache_total\{env=""math""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FromCache();
}
