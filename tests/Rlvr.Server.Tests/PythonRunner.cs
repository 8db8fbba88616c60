using System.Diagnostics;
using System.Text.Json;

namespace Rlvr.Server.Tests;

/// <summary>Runs a script of <c>Python/</c> with the machine's python3 (isolated mode, standard library only) and parses its JSON output.</summary>
internal static class PythonRunner
{
    public static string ScriptsDirectory => Path.Combine(AppContext.BaseDirectory, "Python");

    public static string StandinsDirectory => Path.Combine(ScriptsDirectory, "standins");

    public static async Task<JsonElement> RunAsync(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120, string? stdin = null)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-I");
        start.ArgumentList.Add(Path.Combine(ScriptsDirectory, script));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin ?? string.Empty);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        Assert.True(process.ExitCode == 0, $"python3 {script} failed: {await stderr}");
        using var json = JsonDocument.Parse(await stdout);
        return json.RootElement.Clone();
    }
}
