using System.Diagnostics;

namespace Rlvr.Cli.Tests;

/// <summary>Runs the real <c>rlvr</c> tool (the built rlvr.dll beside the tests) as a separate process.</summary>
internal static class CliRunner
{
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "rlvr.dll");

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(redirectStdin: false, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the tool with stdout and stderr (and stdin when asked) redirected; the caller reads and waits.</summary>
    public static Process Start(bool redirectStdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
