using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Cli.Tests.Commands;

/// <summary>The real <c>rlvr sandbox run</c> against the real engine; each run leaves no container behind.</summary>
public sealed class SandboxCommandTests
{
    [SkippableFact]
    public async Task Run_StdinToPython_PrintsOutputAndFacts()
    {
        await RequireDockerAsync();

        var (code, stdout, stderr, pid) = await RunWithStdinAsync("hello\n", "sandbox", "run", "--image", "python", "--", "python3", "-c", "print(input()[::-1])");

        Assert.Equal(0, code);
        Assert.Equal("olleh\n", stdout);
        Assert.Contains("exit_code         0", stderr, StringComparison.Ordinal);
        Assert.Contains("timed_out         False", stderr, StringComparison.Ordinal);
        Assert.Equal(0, await ContainersOfAsync(pid));
    }

    [SkippableFact]
    public async Task Run_InfiniteLoopWithTimeout_ExitsWith124AndReportsTimeout()
    {
        await RequireDockerAsync();

        var (code, _, stderr, pid) = await RunWithStdinAsync(null, "sandbox", "run", "--image", "python", "--timeout", "1", "--", "sh", "-c", "while :; do :; done");

        Assert.Equal(124, code);
        Assert.Contains("timed_out         True", stderr, StringComparison.Ordinal);
        Assert.Equal(0, await ContainersOfAsync(pid));
    }

    [SkippableFact]
    public async Task Run_MissingImage_OneLineWithTheBuildCommand()
    {
        await RequireDockerAsync();

        var (code, stdout, stderr, _) = await RunWithStdinAsync(null, "sandbox", "run", "--image", "no-such-image-here", "--", "true");

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith("rlvr: image_missing:", stderr, StringComparison.Ordinal);
        Assert.Contains("rlvr images build no-such-image-here", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Run_SigtermWhileCommandRuns_RemovesItsContainerOnTheWayOut()
    {
        await RequireDockerAsync();
        using var process = StartLongRun();
        try
        {
            await WaitForAsync(async () => await ContainersOfAsync(process.Id) > 0, "the sandbox container to appear");

            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!)
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(143, process.ExitCode);
            Assert.Equal(0, await ContainersOfAsync(process.Id));
        }
        finally
        {
            KillQuietly(process);
        }
    }

    [SkippableFact]
    public async Task Run_KilledWithSigkill_NextRunOnThisHostReapsTheOrphan()
    {
        await RequireDockerAsync();
        using var process = StartLongRun();
        try
        {
            await WaitForAsync(async () => await ContainersOfAsync(process.Id) > 0, "the sandbox container to appear");

            process.Kill();
            await process.WaitForExitAsync();

            // Nothing ran in the killed process, so its container is still there...
            Assert.True(await ContainersOfAsync(process.Id) > 0);

            // ...until the next provider on this host makes first contact with the engine.
            var (code, _, _, _) = await RunWithStdinAsync(null, "sandbox", "run", "--image", "python", "--", "true");
            Assert.Equal(0, code);
            Assert.Equal(0, await ContainersOfAsync(process.Id));
        }
        finally
        {
            KillQuietly(process);
        }
    }

    private static Process StartLongRun()
    {
        var process = CliRunner.Start(redirectStdin: false, "sandbox", "run", "--image", "python", "--timeout", "120", "--", "sleep", "100");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(200);
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static async Task RequireDockerAsync()
    {
        var (ok, line) = await DockerDiagnostics.CheckEnginesAsync([DockerEndpoint.FromEnvironment()]);
        if (!ok)
        {
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", line);
            Assert.Fail(line + " (set RLVR_SKIP_DOCKER_TESTS=1 to skip Docker tests on a machine without Docker)");
        }

        var (imagesOk, imagesLine) = await DockerDiagnostics.CheckImagesAsync(null);
        Assert.True(imagesOk, imagesLine);
    }

    private static async Task<int> ContainersOfAsync(int pid)
    {
        using var client = new DockerClientBuilder().WithEndpoint(DockerEndpoint.FromEnvironment().Uri).WithApiVersion(new System.Version(1, 41)).Build();
        var list = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { ["rlvr.owner-pid=" + pid] = true },
            },
        });
        return list.Count;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr, int Pid)> RunWithStdinAsync(string? stdin, params string[] args)
    {
        using var process = CliRunner.Start(redirectStdin: true, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr, process.Id);
    }
}
