using System.Globalization;
using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Packaging;

/// <summary>
/// The <c>rlvr</c> tool as a user gets it: packed from the built CLI into a temporary feed, then
/// <c>dotnet tool install --tool-path</c> from that feed, in a folder under the system temp directory (no
/// repository, Directory.Build.props or Directory.Packages.props above it). Shared by the tests that run it.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
#if DEBUG
    /// <summary>The build configuration of these tests and of the CLI they pack.</summary>
    public const string Configuration = "Debug";
#else
    /// <summary>The build configuration of these tests and of the CLI they pack.</summary>
    public const string Configuration = "Release";
#endif

    /// <summary>A version no other run uses, so the global package cache can never serve a stale Rlvr.Core.</summary>
    public string Version { get; } = "0.0.0-tooltest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
        + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The temporary folder everything lives in.</summary>
    public string Work { get; } = Path.Combine(Path.GetTempPath(), "rlvr-tooltest-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>The feed the tool was packed into.</summary>
    public string Feed => Path.Combine(Work, "feed");

    /// <summary>The installed <c>rlvr</c> command.</summary>
    public string Command => Path.Combine(Work, "tool", "rlvr");

    /// <summary>The tool package's file.</summary>
    public string ToolPackage => Path.Combine(Feed, $"Rlvr.Cli.{Version}.nupkg");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        string cli = Path.Combine(RepoPaths.Root, "src", "Rlvr.Cli", "Rlvr.Cli.csproj");

        // The CLI is already built (this test project references it): pack what was built, as the released tool is.
        var pack = await ProcessRunner.DotnetAsync(
            Work, "pack", cli, "-c", Configuration, "--no-build", "-o", Feed, "-p:Version=" + Version, "-nologo", "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, pack.Output);

        var install = await ProcessRunner.DotnetAsync(
            Work, "tool", "install", "Rlvr.Cli", "--version", Version, "--tool-path", Path.Combine(Work, "tool"), "--add-source", Feed);
        Assert.True(install.ExitCode == 0, install.Output);
    }

    /// <summary>Runs the installed tool in <paramref name="directory"/>.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments) =>
        ProcessRunner.RunAsync(Command, directory, null, TimeSpan.FromMinutes(3), arguments);

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        if (Directory.Exists(Work))
        {
            Directory.Delete(Work, recursive: true);
        }

        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "rlvr.core", "rlvr.cli" })
        {
            string cached = Path.Combine(cache, id, Version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}
