using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Server.Tests;

/// <summary>/run_code on real Docker sandboxes (rlvr/python:latest); containers carry a per-test label and are removed.</summary>
public sealed class RunCodeDockerTests
{
    private const string TestLabel = "rlvr.test";

    [SkippableFact]
    public async Task RunCode_PythonInDocker_RunsWithFilesStdinExitCodesAndTimeouts()
    {
        string testId = "server-" + Guid.NewGuid().ToString("N")[..12];
        var provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 2 },
            Labels = new Dictionary<string, string> { [TestLabel] = testId },
        });
        try
        {
            await RequireDockerAsync(provider);
            await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = provider });

            var ok = await RunAsync(h, """
                {"code": "import sys\nprint(open('data/in.txt').read().strip() + ':' + sys.stdin.read().strip())",
                 "language": "python", "run_timeout": 10, "stdin": "from-stdin", "files": {"data/in.txt": "ZnJvbS1maWxl"}}
                """);
            Assert.Equal("Success", ok.GetProperty("status").GetString());
            Assert.Equal("from-file:from-stdin\n", ok.GetProperty("run_result").GetProperty("stdout").GetString());
            Assert.Equal(0, ok.GetProperty("run_result").GetProperty("return_code").GetInt32());

            var failed = await RunAsync(h, """{"code": "import sys\nprint('x', file=sys.stderr)\nsys.exit(3)", "language": "python"}""");
            Assert.Equal("Failed", failed.GetProperty("status").GetString());
            Assert.Equal(3, failed.GetProperty("run_result").GetProperty("return_code").GetInt32());
            Assert.Equal("x\n", failed.GetProperty("run_result").GetProperty("stderr").GetString());

            var slow = await RunAsync(h, """{"code": "while True: pass", "language": "python", "run_timeout": 1}""");
            Assert.Equal("Failed", slow.GetProperty("status").GetString());
            Assert.Equal("TimeLimitExceeded", slow.GetProperty("run_result").GetProperty("status").GetString());
        }
        finally
        {
            await provider.DisposeAsync();
        }

        Assert.Equal(string.Empty, await DockerAsync("ps", "-aq", "--filter", $"label={TestLabel}={testId}"));
    }

    private static async Task<JsonElement> RunAsync(ServerHarness h, string body)
    {
        var response = await h.PostAsync("/run_code", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ServerHarness.JsonAsync(response);
    }

    private static async Task RequireDockerAsync(DockerSandboxProvider provider)
    {
        try
        {
            var sandbox = await provider.AcquireAsync(new SandboxSpec(SandboxImages.Python));
            await sandbox.DisposeAsync();
        }
        catch (SandboxException ex)
        {
            string reason = $"Docker sandbox unavailable ({ex.Reason}): {ex.Message}";
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + reason);
            Assert.Fail(reason + " (build images with `rlvr images build`; set RLVR_SKIP_DOCKER_TESTS=1 to skip)");
        }
    }

    private static async Task<string> DockerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
