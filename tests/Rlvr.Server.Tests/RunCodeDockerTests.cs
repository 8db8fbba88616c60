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
            Assert.Equal(JsonValueKind.Null, slow.GetProperty("run_result").GetProperty("return_code").ValueKind);

            // SandboxFusion reports a signal exit as asyncio does: the negative signal number.
            var killed = await RunAsync(h, """{"code": "import os\nos.kill(os.getpid(), 9)", "language": "python"}""");
            Assert.Equal("Failed", killed.GetProperty("status").GetString());
            Assert.Equal("Finished", killed.GetProperty("run_result").GetProperty("status").GetString());
            Assert.Equal(-9, killed.GetProperty("run_result").GetProperty("return_code").GetInt32());

            // A correct 2 MiB answer arrives whole; numpy is there; a null file is skipped, as SandboxFusion's restore_files does.
            var big = await RunAsync(h, """{"code": "import numpy\nprint('x' * (2 * 1024 * 1024 - int(numpy.arange(3).sum())), end='')\nprint(open('b.txt').read())", "language": "python", "files": {"a.txt": null, "b.txt": "eHh4"}}""");
            Assert.Equal("Success", big.GetProperty("status").GetString());
            Assert.Equal(new string('x', 2 * 1024 * 1024) + "\n", big.GetProperty("run_result").GetProperty("stdout").GetString());
            Assert.Equal(string.Empty, big.GetProperty("message").GetString());

            var cpp = await RunAsync(h, """{"code": "#include <iostream>\nint main() { long n; std::cin >> n; std::cout << 2 * n << std::endl; }", "language": "cpp", "stdin": "21", "compile_timeout": 30}""");
            Assert.Equal("Success", cpp.GetProperty("status").GetString());
            Assert.Equal(0, cpp.GetProperty("compile_result").GetProperty("return_code").GetInt32());
            Assert.Equal("42\n", cpp.GetProperty("run_result").GetProperty("stdout").GetString());

            var broken = await RunAsync(h, """{"code": "int main() { return x; }", "language": "cpp", "compile_timeout": 30}""");
            Assert.Equal("Failed", broken.GetProperty("status").GetString());
            Assert.NotEqual(0, broken.GetProperty("compile_result").GetProperty("return_code").GetInt32());
            Assert.Contains("x", broken.GetProperty("compile_result").GetProperty("stderr").GetString());
            Assert.Equal(JsonValueKind.Null, broken.GetProperty("run_result").ValueKind);

            // verl's own client, compiling C++ in the sandbox for each case.
            var verl = await PythonRunner.RunAsync(
                "verl_client.py",
                [new Uri(h.BaseAddress, "/run_code").ToString(), "4", "30", "cpp"],
                stdin: "#include <iostream>\nint main() { long n; std::cin >> n; std::cout << 2 * n << std::endl; }\n");
            Assert.All(verl.GetProperty("results").EnumerateArray(), r => Assert.Equal(JsonValueKind.True, r.ValueKind));
        }
        finally
        {
            await provider.DisposeAsync();
        }

        Assert.Equal(string.Empty, await DockerAsync("ps", "-aq", "--filter", $"label={TestLabel}={testId}"));
    }

    [SkippableFact]
    public async Task RunCode_OutputBeyondLimit_IsCutAndSaysSo()
    {
        string testId = "server-" + Guid.NewGuid().ToString("N")[..12];
        var provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 },
            Labels = new Dictionary<string, string> { [TestLabel] = testId },
        });
        try
        {
            await RequireDockerAsync(provider);
            await using var h = await ServerHarness.StartAsync(o => o with { Sandboxes = provider, RunCodeOutputLimitBytes = 1000 });
            var cut = await RunAsync(h, """{"code": "print('y' * 5000)", "language": "python"}""");
            Assert.Equal("Success", cut.GetProperty("status").GetString());
            Assert.Equal(1000, cut.GetProperty("run_result").GetProperty("stdout").GetString()!.Length);
            Assert.Equal("stdout truncated at 1000 bytes", cut.GetProperty("message").GetString());
        }
        finally
        {
            await provider.DisposeAsync();
        }
    }

    private static async Task<JsonElement> RunAsync(ServerHarness h, string body)
    {
        var response = await h.PostAsync("/run_code", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
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
