using System.Diagnostics;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// A second Docker engine on this machine, started by <c>scripts/start-docker-engine.sh</c> (own socket, data root,
/// exec root and containerd) so that a test can kill one engine while the other keeps running.
/// </summary>
internal static class SecondEngine
{
    public const string Name = "test-engine2";

    private static string Script => Path.Combine(RepoPaths.Root, "scripts", "start-docker-engine.sh");

    /// <summary>Starts the engine (or finds it running) with the Python sandbox image; returns its endpoint.</summary>
    public static async Task<DockerEndpoint> StartAsync()
    {
        await DockerTestEnvironment.RequireAsync();
        string output = await RunAsync(Name, SandboxImages.Python);
        return new DockerEndpoint(new Uri(output.Trim().Split('\n')[^1]));
    }

    /// <summary>Kills the engine's daemon with SIGKILL, as a crash would: no cleanup, its connections drop.</summary>
    public static void Kill()
    {
        int pid = int.Parse(File.ReadAllText($"/run/rlvr-{Name}/docker.pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
    }

    /// <summary>Stops the engine gracefully.</summary>
    public static Task StopAsync() => RunAsync("--stop", Name);

    private static async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{Script} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
