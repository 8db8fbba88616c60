using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>
/// Two real <c>rlvr serve</c> replicas (the built tool) sharing a private redis-server score cache, behind Debian's
/// nginx with a generated config (docs/scale-out.md shows the same upstream settings): a load run through nginx
/// with one replica drained by SIGTERM mid-run, and a score computed on one replica answered from the cache on the other.
/// </summary>
public sealed partial class ReplicaTests
{
    private const string Nginx = "/usr/sbin/nginx";
    private const string RedisServer = "/usr/bin/redis-server";

    [Fact]
    public async Task Replicas_BehindNginxWithOneDrainedMidRun_EveryItemAnsweredOnceAndCacheShared()
    {
        Assert.True(File.Exists(Nginx), "nginx is not installed; run scripts/test.sh (it installs Debian's nginx-light)");
        Assert.True(File.Exists(RedisServer), "redis-server is not installed; run scripts/test.sh (it installs Debian's redis-server)");
        var dir = Directory.CreateTempSubdirectory("rlvr-replicas-");
        var processes = new List<Process>();
        try
        {
            int redisPort = FreePort();
            processes.Add(StartProcess(RedisServer, "--port", Invariant(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            await WaitListeningAsync(redisPort, "redis-server");
            string cache = $"redis://127.0.0.1:{Invariant(redisPort)}";

            int portA = FreePort();
            int portB = FreePort();
            var (replicaA, logA) = await StartReplicaAsync(portA, cache);
            processes.Add(replicaA);
            var (replicaB, logB) = await StartReplicaAsync(portB, cache);
            processes.Add(replicaB);

            int nginxPort = FreePort();
            string conf = Path.Combine(dir.FullName, "nginx.conf");
            await File.WriteAllTextAsync(conf, NginxConfig(dir.FullName, nginxPort, portA, portB));
            processes.Add(StartProcess(Nginx, "-p", dir.FullName + "/", "-c", conf, "-e", Path.Combine(dir.FullName, "error.log")));
            await WaitListeningAsync(nginxPort, "nginx");

            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(120) };

            // The shared cache: a batch scored on A is answered from Redis on B, which never computed it.
            string cached = Batch("cache", 0, 5);
            var first = await PostAsync(client, portA, cached);
            var second = await PostAsync(client, portB, cached);
            Assert.Equal(Rewards(first), Rewards(second));
            Assert.Equal(0, await FromCacheAsync(client, portA));
            Assert.Equal(5, await FromCacheAsync(client, portB));

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
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
            }

            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The nginx config of the test: both replicas in one upstream, a failed or refused attempt (a draining replica
    /// stops accepting) retried on the other (scoring is idempotent, hence <c>non_idempotent</c>), WebSocket upgrade
    /// for OpenEnv <c>/ws</c>, every path nginx writes inside <paramref name="root"/>.
    /// </summary>
    internal static string NginxConfig(string root, int listen, int portA, int portB)
    {
        string user = Environment.UserName == "root" ? "user root;\n" : string.Empty;
        return user + $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{root}}/nginx.pid;
            error_log {{root}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{root}}/client_body;
                proxy_temp_path {{root}}/proxy;
                fastcgi_temp_path {{root}}/fastcgi;
                uwsgi_temp_path {{root}}/uwsgi;
                scgi_temp_path {{root}}/scgi;
                client_max_body_size 16m;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                upstream rlvr {
                    server 127.0.0.1:{{portA}} max_fails=1 fail_timeout=10s;
                    server 127.0.0.1:{{portB}} max_fails=1 fail_timeout=10s;
                }
                server {
                    listen 127.0.0.1:{{listen}};
                    location / {
                        proxy_pass http://rlvr;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_read_timeout 330s;
                        proxy_next_upstream error timeout http_502 http_503 non_idempotent;
                        proxy_next_upstream_tries 2;
                        add_header X-Upstream $upstream_addr always;
                    }
                }
            }

            """;
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

    private static async Task<(Process Process, Task Log)> StartReplicaAsync(int port, string cache)
    {
        var process = CliRunner.Start(redirectStdin: false, "serve", "--env", "math", "--no-sandbox", "--urls", $"http://127.0.0.1:{Invariant(port)}", "--cache", cache);
        var stdout = process.StandardOutput.ReadToEndAsync();
        string? line;
        while ((line = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90))) is not null && !line.StartsWith("rlvr serve:", StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, $"rlvr serve on port {port} exited before listening");
        var stderr = process.StandardError.ReadToEndAsync();
        return (process, Task.WhenAll(stdout, stderr));
    }

    private static Process StartProcess(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Invariant(pid)]);
        kill.WaitForExit();
    }

    private static async Task WaitListeningAsync(int port, string what)
    {
        for (int i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"{what} did not listen on 127.0.0.1:{port} within 10 s");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^rlvr_items_from_cache_total\{env=""math""\} (\d+)$", RegexOptions.Multiline)]
    private static partial Regex FromCache();
}
