using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Agent;
using Rlvr.Environments.Cyber.Ctf;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Server.Tests;

/// <summary>
/// Episodes over the wire (OpenEnv HTTP and WebSocket, NeMo-Gym sessions) driven by a standard-library Python client
/// (Python/episode_client.py, written from the protocols' public sources) on <c>cyber/ctf</c> in real sandboxes:
/// solving, capacity, disconnect and idle-timeout cleanup, with containers counted before and after.
/// </summary>
public sealed class EpisodeProtocolTests
{
    private const string TestLabel = "rlvr.test";

    [SkippableFact]
    public async Task PythonClient_CtfOverOpenEnvAndNemoGym_SolvesReleasesAndNeverLeaksTheFlag()
    {
        string testId = "episodes-" + Guid.NewGuid().ToString("N")[..12];
        var provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            // One use per container: a released sandbox is a removed container, so counting containers counts leases.
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 6, MaxUsesPerContainer = 1 },
            Labels = new Dictionary<string, string> { [TestLabel] = testId },
        });
        try
        {
            await RequireDockerAsync(provider);
            Assert.Equal(0, await ContainersAfterAsync(testId));
            var ctf = new CtfEnvironment();
            ctf.TryGetProblem("ctf01-lost-note", out var challenge);
            string solution = Path.Combine(Path.GetTempPath(), testId + ".sh");
            await File.WriteAllTextAsync(solution, challenge!.Solution);
            await using (var h = await ServerHarness.StartAsync(o => o with
            {
                Environments = [new TestEnvironment(), ctf],
                Sandboxes = provider,
                SandboxGauges = () => new Dictionary<string, double>(StringComparer.Ordinal) { ["live"] = provider.LiveContainers },
                MaxEpisodeSessions = 2,
                EpisodeIdleTimeout = TimeSpan.FromSeconds(2),
            }))
            {
                var findings = await RunClientAsync(h, solution, challenge.Id);

                Assert.Equal(["shell", "submit_flag"], findings.GetProperty("http_tools").EnumerateArray().Select(t => t.GetString()));
                Assert.True(findings.GetProperty("http_success_certain").GetBoolean());
                Assert.False(findings.GetProperty("flag_in_reset_or_state").GetBoolean());
                Assert.Equal(1.0, findings.GetProperty("http_reward").GetDouble());
                Assert.True(findings.GetProperty("http_done").GetBoolean());
                Assert.Equal(CtfReasons.FlagFound, findings.GetProperty("http_reason").GetString());
                Assert.Equal(409, findings.GetProperty("http_step_after_end_status").GetInt32());
                Assert.Equal(422, findings.GetProperty("http_bad_action_status").GetInt32());
                Assert.Equal("$.action", findings.GetProperty("http_bad_action_field").GetString());

                Assert.True(findings.GetProperty("ws_fresh_flag").GetBoolean());
                Assert.Equal(JsonValueKind.Null, findings.GetProperty("ws_wrong_submit")[0].ValueKind);
                Assert.False(findings.GetProperty("ws_wrong_submit")[1].GetBoolean());
                Assert.Equal("state", findings.GetProperty("ws_state")[0].GetString());
                Assert.Equal(2, findings.GetProperty("ws_state")[1].GetInt32());
                Assert.False(findings.GetProperty("ws_flag_in_state").GetBoolean());
                Assert.Equal(1.0, findings.GetProperty("ws_reward").GetDouble());
                Assert.True(findings.GetProperty("ws_done").GetBoolean());
                Assert.Equal("UNKNOWN_TYPE", findings.GetProperty("ws_unknown_type").GetString());
                Assert.Equal("INVALID_JSON", findings.GetProperty("ws_bad_json").GetString());
                Assert.Equal("VALIDATION_ERROR", findings.GetProperty("ws_bad_action").GetString());
                Assert.Equal(JsonValueKind.Null, findings.GetProperty("ws_close_answer").ValueKind);

                Assert.Equal(2.0, findings.GetProperty("live_at_capacity").GetDouble());
                Assert.Equal("error", findings.GetProperty("ws_over_capacity")[0].GetString());
                Assert.Equal("CAPACITY_REACHED", findings.GetProperty("ws_over_capacity")[1].GetString());
                Assert.Equal(2, findings.GetProperty("ws_over_capacity")[2].GetInt32());
                Assert.True(findings.GetProperty("ws_over_capacity_closed").GetBoolean());
                Assert.Equal(429, findings.GetProperty("http_over_capacity_status").GetInt32());
                Assert.True(findings.GetProperty("released_after_drop").GetBoolean());
                Assert.True(findings.GetProperty("released_after_idle").GetBoolean());
                Assert.Equal(404, findings.GetProperty("step_after_idle_status").GetInt32());

                Assert.Equal(["shell", "submit_flag"], findings.GetProperty("nemo_tools").EnumerateArray().Select(t => t.GetString()));
                Assert.True(findings.GetProperty("nemo_submit").GetProperty("done").GetBoolean());
                Assert.Equal(404, findings.GetProperty("nemo_unknown_tool_status").GetInt32());
                var verify = findings.GetProperty("nemo_verify");
                Assert.Equal(200, verify[0].GetInt32());
                Assert.Equal(1.0, verify[1].GetDouble());
                Assert.Equal(CtfReasons.FlagFound, verify[2].GetString());
                Assert.Equal("scored", verify[3].GetString());
                Assert.Equal(404, findings.GetProperty("nemo_tool_after_verify_status").GetInt32());
                Assert.True(findings.GetProperty("released_at_end").GetBoolean());
                Assert.Equal(0, await ContainersAfterAsync(testId));
            }

            File.Delete(solution);
        }
        finally
        {
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reset_UnknownProblemOrInlineProblem_IsRefusedNamingTheField()
    {
        await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new CtfEnvironment()] });

        var unknown = await h.PostAsync("/reset", """{"problem_id": "nope"}""");
        var inline = await h.PostAsync("/reset", """{"problem": {"path": "/etc"}}""");
        var step = await h.PostAsync("/step", """{"action": {"tool": "shell", "arguments": {"command": "id"}}}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inline.StatusCode);
        Assert.Equal("$.problem", (await ServerHarness.JsonAsync(inline)).GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, step.StatusCode);
        Assert.Equal("$.episode_id", (await ServerHarness.JsonAsync(step)).GetProperty("error").GetProperty("field").GetString());
    }

    [SkippableFact]
    public async Task PythonClient_CodeAgentOverOpenEnvAndNemoGym_RunsRevisesAndSubmits()
    {
        string testId = "episodes-" + Guid.NewGuid().ToString("N")[..12];
        var provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 4 },
            Labels = new Dictionary<string, string> { [TestLabel] = testId },
        });
        try
        {
            await RequireDockerAsync(provider);
            await using var h = await ServerHarness.StartAsync(o => o with { Environments = [new TestEnvironment(), new CodeAgentEnvironment()], Sandboxes = provider });

            var findings = await RunClientAsync(h, null, "agent-sum-digits", new Dictionary<string, string>
            {
                ["RLVR_MODE"] = "agent",
                ["RLVR_BUGGY"] = "def sum_digits(n):\n    return n % 10\n",
                ["RLVR_FIXED"] = "def sum_digits(n):\n    return sum(int(c) for c in str(n))\n",
            });

            Assert.Equal(["run_tests", "submit"], findings.GetProperty("agent_tools").EnumerateArray().Select(t => t.GetString()));
            var runs = findings.GetProperty("agent_http_runs");
            Assert.Equal([1, 2], runs[0].EnumerateArray().Take(2).Select(v => v.GetInt32()));
            Assert.False(runs[0][2].GetBoolean());
            Assert.Equal([2, 2], runs[1].EnumerateArray().Take(2).Select(v => v.GetInt32()));
            Assert.True(runs[1][2].GetBoolean());
            Assert.Equal(1.0, findings.GetProperty("agent_http_submit")[0].GetDouble());
            Assert.True(findings.GetProperty("agent_http_submit")[1].GetBoolean());
            Assert.Equal(0.0, findings.GetProperty("agent_ws_submit")[0].GetDouble());
            Assert.Equal("scored", findings.GetProperty("agent_ws_submit")[2].GetString());
            Assert.Contains("Public tests: 2/2 passed", findings.GetProperty("agent_nemo_run").GetString(), StringComparison.Ordinal);
            Assert.Equal(1.0, findings.GetProperty("agent_nemo_verify")[1].GetDouble());
            Assert.Equal(0, findings.GetProperty("agent_sessions_left").GetInt32());
        }
        finally
        {
            await provider.DisposeAsync();
        }
    }

    private static async Task<JsonElement> RunClientAsync(ServerHarness h, string? solution, string problemId, Dictionary<string, string>? extra = null)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Python", "episode_client.py"));
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        start.Environment["RLVR_URL"] = h.BaseAddress.ToString();
        if (solution is not null)
        {
            start.Environment["RLVR_SOLUTION"] = solution;
        }

        foreach (var (name, value) in extra ?? [])
        {
            start.Environment[name] = value;
        }

        start.Environment["RLVR_PROBLEM"] = problemId;
        start.Environment["RLVR_CAPACITY"] = "2";
        start.Environment["RLVR_IDLE_SECONDS"] = "2";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        Assert.True(process.ExitCode == 0, "python3 failed: " + await stderr + await stdout);
        using var json = JsonDocument.Parse(await stdout);
        return json.RootElement.Clone();
    }

    /// <summary>The test's containers once removals in flight have settled (up to 20 s).</summary>
    private static async Task<int> ContainersAfterAsync(string testId)
    {
        int count = await ContainersAsync(testId);
        for (int i = 0; i < 100 && count > 0; i++)
        {
            await Task.Delay(200);
            count = await ContainersAsync(testId);
        }

        return count;
    }

    private static async Task<int> ContainersAsync(string testId)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["ps", "-aq", "--filter", $"label={TestLabel}={testId}"])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static async Task RequireDockerAsync(DockerSandboxProvider provider)
    {
        try
        {
            var sandbox = await provider.AcquireAsync(new SandboxSpec("rlvr/cyber:latest"));
            await sandbox.DisposeAsync();
        }
        catch (SandboxException ex)
        {
            string reason = $"Docker sandbox unavailable ({ex.Reason}): {ex.Message}";
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + reason);
            Assert.Fail(reason + " (build images with `rlvr images build`; set RLVR_SKIP_DOCKER_TESTS=1 to skip)");
        }
    }
}
