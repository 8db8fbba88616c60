using System.Diagnostics;

namespace Rlvr.Cli.Tests;

/// <summary>Runs the real <c>rlvr</c> tool (the built rlvr.dll beside the tests) as a separate process.</summary>
internal static class CliRunner
{
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "rlvr.dll");

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(new Dictionary<string, string>(StringComparer.Ordinal), args);

    /// <summary>Runs the tool with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var process = Start(redirectStdin: false, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the tool with stdout and stderr (and stdin when asked) redirected; the caller reads and waits.</summary>
    public static Process Start(bool redirectStdin, params string[] args) =>
        Start(redirectStdin, new Dictionary<string, string>(StringComparer.Ordinal), args);

    /// <summary>Starts the tool with extra environment variables.</summary>
    public static Process Start(bool redirectStdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectStdin,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }
}
