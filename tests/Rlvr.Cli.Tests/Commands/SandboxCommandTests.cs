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
            await WaitForAsync(async () => (await ContainerIdsOfAsync(process.Id, running: true)).Count > 0, "the sandbox container to run");

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
    public async Task Run_KilledWithSigkill_ItsContainerEndsOnItsOwnWithoutAnotherRun()
    {
        await RequireDockerAsync();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var process = StartLongRun();
        try
        {
            await WaitForAsync(async () => (await ContainerIdsOfAsync(process.Id, running: true)).Count > 0, "the sandbox container to run");
            string id = (await ContainerIdsOfAsync(process.Id, running: true)).Single();
            await WaitForAsync(async () => (await DockerCliAsync("top", id)).Stdout.Contains("sleep 100", StringComparison.Ordinal), "the command to run");

            process.Kill(); // SIGKILL: no exit handler, no disposal runs in the owner
            await process.WaitForExitAsync();

            // No other rlvr process is started: the container ends because its owner's lifeline closed.
            var clock = Stopwatch.StartNew();
            await WaitForAsync(async () => await ContainersOfAsync(process.Id) == 0, "the orphaned container to end", seconds: 30);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the container outlived its owner by {clock.Elapsed}");

            // It died on its own (PID 1 read end-of-file and exited 0), not by a force removal (137) from some other
            // process's reaper.
            var (_, dies) = await DockerCliAsync("events", "--since", since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--until", DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--filter", "container=" + id, "--filter", "event=die", "--format", "{{.Actor.Attributes.exitCode}}");
            Assert.Equal("0", dies.Trim());
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

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
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

    private static async Task<int> ContainersOfAsync(int pid) => (await ContainerIdsOfAsync(pid)).Count;

    private static async Task<(int ExitCode, string Stdout)> DockerCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var docker = Process.Start(start)!;
        var stdout = docker.StandardOutput.ReadToEndAsync();
        _ = docker.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await docker.WaitForExitAsync(timeout.Token);
        return (docker.ExitCode, await stdout);
    }

    private static async Task<IReadOnlyList<string>> ContainerIdsOfAsync(int pid, bool running = false)
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
        return [.. list.Where(c => !running || c.State == "running").Select(c => c.ID)];
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
