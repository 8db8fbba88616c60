using System.Diagnostics;
using System.Text.Json;
using Rlvr.Cli.Commands;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;
using Rlvr.Scripting;

namespace Rlvr.Cli.Tests.Commands;

public sealed class StarterEnvironmentTests
{
    [Theory]
    [InlineData("my-env", "MyEnv")]
    [InlineData("math/easy_v2", "MathEasyV2")]
    public void TypeName_EnvironmentName_IsPascalCase(string name, string expected) =>
        Assert.Equal(expected, StarterEnvironment.TypeName(name));

    [Theory]
    [InlineData("2fast")]
    [InlineData("has space")]
    [InlineData("")]
    public void TypeName_InvalidName_Throws(string name) =>
        Assert.Throws<CliException>(() => StarterEnvironment.TypeName(name));

    [Fact]
    public async Task WriteScriptAsync_Starter_LoadsAndScoresItsSamplesAsExpected()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            string name = "starter-" + Guid.NewGuid().ToString("N")[..8];
            var files = await StarterEnvironment.WriteScriptAsync(name, dir, CancellationToken.None);
            var loaded = await new ScriptEnvironmentLoader().LoadAsync(files.Single(f => f.EndsWith(".csx", StringComparison.Ordinal)));
            Assert.Equal(name, loaded.Environment.Name);
            Assert.Empty(loaded.Warnings);
            var engine = new ScoringEngine();
            int checkedLines = 0;
            foreach (string line in File.ReadAllLines(files.Single(f => f.EndsWith(".jsonl", StringComparison.Ordinal))).Where(l => l.Length > 0))
            {
                using var sample = JsonDocument.Parse(line);
                Assert.True(SampleParser.TryParse(sample.RootElement, loaded.Environment, out var request, out _, out string? message), message);
                var scored = await engine.ScoreOneAsync(loaded.Environment, request);
                Assert.Equal(sample.RootElement.GetProperty("expected_reward").GetDouble(), scored.Reward.Value);
                checkedLines++;
            }

            Assert.Equal(3, checkedLines);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteScriptAsync_FilesExist_RefusesToOverwrite()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            await StarterEnvironment.WriteScriptAsync("again", dir, CancellationToken.None);
            var ex = await Assert.ThrowsAsync<CliException>(() => StarterEnvironment.WriteScriptAsync("again", dir, CancellationToken.None));
            Assert.Contains("refusing to overwrite", ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteProjectAsync_Starter_BuildsAndItsTestsPass()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            var core = new FileInfo(Path.Combine(RepoPaths.Root, "src", "Rlvr.Core", "Rlvr.Core.csproj"));
            var files = await StarterEnvironment.WriteProjectAsync("starter-project", dir, core, CancellationToken.None);
            string testProject = Path.GetDirectoryName(files.Single(f => f.EndsWith(".Tests.csproj", StringComparison.Ordinal)))!;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = testProject };
            start.ArgumentList.Add("test");
            start.ArgumentList.Add("-nologo");
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            string output = await stdout + await stderr;
            Assert.True(process.ExitCode == 0, output);
            Assert.Contains("Passed!", output);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
