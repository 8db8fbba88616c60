using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Rlvr.Core.Data.Datasets;
using Rlvr.Environments.Math;
using Rlvr.Tests.Support;

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

    [Fact]
    public async Task Serve_DatasetMissingAndHubReachable_PullsItBeforeListeningAndScoresItsProblems()
    {
        await using var hub = await DataCommandTests.Math500HubAsync();
        string home = Directory.CreateTempSubdirectory("rlvr-serve-data-").FullName;
        using var process = CliRunner.Start(redirectStdin: false, HubEnvironment(hub, home), "serve", "--env", "math/math500", "--urls", "http://127.0.0.1:0", "--no-sandbox");
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            var stderr = new StringBuilder();
            Uri? address = null;
            while (address is null && await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                stderr.AppendLine(line);
                var match = Listening().Match(line);
                address = match.Success ? new Uri(match.Groups[1].Value) : null;
            }

            Assert.True(address is not null, stderr.ToString());
            Assert.Contains("dataset 'math500' is not on this machine: pulling HuggingFaceH4/MATH-500@", stderr.ToString(), StringComparison.Ordinal);
            Assert.Contains("dataset 'math500' pulled (sha256 verified)", stderr.ToString(), StringComparison.Ordinal);
            Assert.Contains("rlvr serve: math/math500 (500 problems) on ", stderr.ToString(), StringComparison.Ordinal);
            Assert.Single(hub.Requests);
            using var client = new HttpClient { BaseAddress = address };
            const string body = """{"items": [{"id": "a", "problem_id": "test/precalculus/807.json", "completion": "\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}"}]}""";
            var response = await client.PostAsync("/v1/score", new StringContent(body, Encoding.UTF8, "application/json"));
            string answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
            Assert.Contains("\"reward\":1.0", answer, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_DatasetMissingAndOffline_ExitsNonZeroNamingThePullCommandWithoutARequest()
    {
        await using var hub = await DataCommandTests.Math500HubAsync();

        var (exit, stderr) = await ServeToExitAsync(hub, "math/math500", offline: true);

        Assert.NotEqual(0, exit);
        Assert.Contains("not downloading because HF_HUB_OFFLINE is set", stderr, StringComparison.Ordinal);
        Assert.Contains("not serving math/math500 without its problems: missing dataset math500: rlvr data pull math500", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("rlvr serve: math/math500", stderr, StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task Serve_DatasetDownloadGets404_ExitsNonZeroWithTheFixAndNoStackTrace()
    {
        await using var hub = new LocalHub(); // holds no file: every download is a 404

        var (exit, stderr) = await ServeToExitAsync(hub, "math/gsm8k", offline: false);

        Assert.NotEqual(0, exit);
        Assert.Contains("dataset 'gsm8k' could not be downloaded:", stderr, StringComparison.Ordinal);
        Assert.Contains("404", stderr, StringComparison.Ordinal);
        Assert.Contains("Fix: run `rlvr data pull gsm8k` when the Hub is reachable", stderr, StringComparison.Ordinal);
        Assert.Contains("not serving math/gsm8k without its problems", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.NotEmpty(hub.Requests);
    }

    [Fact]
    public async Task Serve_DataFileGiven_ServesItsProblemsWithoutTheHub()
    {
        string home = Directory.CreateTempSubdirectory("rlvr-serve-data-").FullName;
        var hub = new LocalHub();
        var environment = HubEnvironment(hub, home);
        await hub.DisposeAsync(); // nothing listens there: the file must be enough
        environment["HF_HUB_OFFLINE"] = "1";
        using var process = CliRunner.Start(redirectStdin: false, environment, "serve", "--env", "math/gsm8k", "--data", DataCommandTests.TestDataFile("math/gsm8k_test.jsonl"), "--urls", "http://127.0.0.1:0", "--no-sandbox");
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            string? listening = null;
            while (listening is null && await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                listening = Listening().IsMatch(line) ? line : null;
            }

            Assert.NotNull(listening);
            Assert.Contains("math/gsm8k (1319 problems)", listening, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>An empty cache, no local data folder, and the Hub at <paramref name="hub"/> (as <see cref="DataCommandTests"/> sets it).</summary>
    /// <summary>Runs <c>rlvr serve --env <paramref name="env"/></c> against <paramref name="hub"/> with an empty cache until it exits (it is expected to refuse to start).</summary>
    private static async Task<(int ExitCode, string Stderr)> ServeToExitAsync(LocalHub hub, string env, bool offline)
    {
        string home = Directory.CreateTempSubdirectory("rlvr-serve-data-").FullName;
        try
        {
            var environment = HubEnvironment(hub, home);
            if (offline)
            {
                environment["HF_HUB_OFFLINE"] = "1";
            }

            var (exit, _, stderr) = await CliRunner.RunAsync(environment, "serve", "--env", env, "--urls", "http://127.0.0.1:0", "--no-sandbox");
            return (exit, stderr);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static Dictionary<string, string> HubEnvironment(LocalHub hub, string home) => new(StringComparer.Ordinal)
    {
        [DataLocations.HomeVariable] = Path.Combine(home, "cache"),
        [DataLocations.DataDirectoryVariable] = string.Empty,
        ["XDG_CACHE_HOME"] = string.Empty,
        [DatasetDownloader.EndpointVariable] = hub.Endpoint,
        [DatasetDownloader.TokenVariable] = string.Empty,
    };

    [GeneratedRegex(@"rlvr serve: .* on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Listening();
}
