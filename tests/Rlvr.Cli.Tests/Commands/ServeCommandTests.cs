using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Rlvr.Cli.Tests.Commands;

public sealed partial class ServeCommandTests
{
    [Theory]
    [InlineData("node-7.cluster.local", "node-7")]
    [InlineData("Rlvr_Server-2", "rlvr-server-2")]
    [InlineData(".", "rlvr")]
    public void DefaultReplicaId_HostName_FirstLabelWithOnlyLettersDigitsAndDashes(string host, string expected)
    {
        string id = Rlvr.Cli.Commands.ServeCommand.DefaultReplicaId(host);

        Assert.Equal(expected, id);
        Assert.True(Rlvr.Server.RewardServerOptions.IsValidReplicaId(id));
    }

    [Fact]
    public async Task Serve_ReplicaIdWithADot_IsRefusedNamingTheOption()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("serve", "--no-sandbox", "--urls", "http://127.0.0.1:0", "--replica-id", "a.b");

        Assert.NotEqual(0, exit);
        Assert.Contains("--replica-id: 'a.b'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoEnv_OpenRlhfPlainLabelsAreMathAnswers()
    {
        using var process = CliRunner.Start(redirectStdin: false, "serve", "--urls", "http://127.0.0.1:0", "--no-sandbox");
        try
        {
            Uri? address = null;
            while (address is null && await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                var match = Listening().Match(line);
                address = match.Success ? new Uri(match.Groups[1].Value) : null;
            }

            Assert.NotNull(address);
            using var client = new HttpClient { BaseAddress = address };
            const string body = """{"query": ["What is 6*7? It is \\boxed{42}", "What is 6*7? \\boxed{41}"], "prompts": ["What is 6*7?", "What is 6*7?"], "labels": [42, "42"]}""";
            var response = await client.PostAsync("/get_reward", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"rewards\":[1.0,0.0]", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Serve_ScriptEnvironmentWithToken_ServesAndStopsOnSigterm()
    {
        string root = RepoPaths.Root;
        string tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(tokenFile, "t0ken\n");
        using var process = CliRunner.Start(redirectStdin: false, "serve", "--env", Path.Combine(root, "examples", "scripts", "exact_match.csx"), "--urls", "http://127.0.0.1:0", "--token", tokenFile, "--no-sandbox");
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            Uri? address = null;
            while (address is null && await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                var match = Listening().Match(line);
                address = match.Success ? new Uri(match.Groups[1].Value) : null;
            }

            Assert.NotNull(address);
            using var client = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
            const string body = """{"items": [{"id": "a", "problem": {"question": "q", "answer": "x"}, "completion": "<answer>x</answer>"}]}""";
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/v1/score", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/score") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"reward\":1.0", await response.Content.ReadAsStringAsync());

            var run = new HttpRequestMessage(HttpMethod.Post, "/run_code") { Content = new StringContent("""{"code": "print(1)", "language": "python"}""", Encoding.UTF8, "application/json") };
            run.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");
            var refused = await client.SendAsync(run);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("--no-sandbox", await refused.Content.ReadAsStringAsync());

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("/v1/score scored 1 items", await stdout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(tokenFile);
        }
    }

    [GeneratedRegex(@"rlvr serve: .* on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();
}
