using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>
/// The server image (deploy/server/Dockerfile, built by scripts/build-server-image.sh) started here with no network at
/// all: it listens on a Unix socket in a mounted folder, answers its probes, scores a math batch and drains on SIGTERM.
/// </summary>
public sealed class ServerImageTests
{
    [SkippableFact]
    public async Task ServerImage_Started_AnswersProbesScoresAMathBatchAndDrainsOnStop()
    {
        Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1");
        string image = (await RunAsync("bash", Path.Combine(RepoPaths.Root, "scripts", "build-server-image.sh"))).Trim().Split('\n')[^1];
        // The server runs as 65532 in the container and creates its socket here.
        string folder = Directory.CreateTempSubdirectory("rlvr-server-image-").FullName;
        await RunAsync("chmod", "777", folder);
        string socket = Path.Combine(folder, "rlvr.sock");
        string container = (await RunAsync(
            "docker", "run", "-d", "--network", "none", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "-v", folder + ":/run/rlvr", image,
            "serve", "--urls", "http://unix:/run/rlvr/rlvr.sock", "--env", "math", "--no-sandbox")).Trim();
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(s, ownsSocket: true);
                },
            }) { BaseAddress = new Uri("http://rlvr") };
            await WaitForAsync(client, "/livez");

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
            var response = await client.PostAsync("/v1/score", new StringContent(
                """
                {"items": [
                  {"id": "a", "problem": {"question": "6*7?", "answer": "42"}, "completion": "So \\boxed{42}."},
                  {"id": "b", "problem": {"question": "half?", "answer": "\\frac{1}{2}"}, "completion": "\\boxed{0.5}"},
                  {"id": "c", "problem": {"question": "2+2?", "answer": "4"}, "completion": "\\boxed{5}"}
                ]}
                """,
                Encoding.UTF8,
                "application/json"));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            using var json = JsonDocument.Parse(body);
            Assert.Equal([1.0, 1.0, 0.0], json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("reward").GetDouble()));

            await RunAsync("docker", "stop", "-t", "30", container);
            Assert.Equal("0", (await RunAsync("docker", "inspect", "-f", "{{.State.ExitCode}}", container)).Trim());
            Assert.Contains("Application is shutting down", await RunAsync("docker", "logs", container), StringComparison.Ordinal);
        }
        finally
        {
            await RunAsync("docker", "rm", "-f", container);
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitForAsync(HttpClient client, string path)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the server image did not answer {path} within 30 s");
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
