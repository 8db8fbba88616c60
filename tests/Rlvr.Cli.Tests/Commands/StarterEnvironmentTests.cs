using System.Text.Json;
using Rlvr.Cli.Commands;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;
using Rlvr.Scripting;
using Rlvr.Tests.Support;

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
    public async Task WriteProjectAsync_CoreProject_TestsPassAtTheRootAndAPlantedBugIsReported()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            var core = new FileInfo(Path.Combine(RepoPaths.Root, "src", "Rlvr.Core", "Rlvr.Core.csproj"));
            var files = await StarterEnvironment.WriteProjectAsync("starter-project", dir, core, CancellationToken.None);
            string root = Path.Combine(dir.FullName, "starter-project");
            Assert.Contains(Path.Combine(root, "starter-project.sln"), files);
            Assert.Contains(Path.Combine(root, ".gitignore"), files);
            Assert.DoesNotContain(Path.Combine(root, "nuget.config"), files);

            var test = await ProcessRunner.DotnetAsync(root, "test", "-nologo");
            Assert.True(test.ExitCode == 0, test.Output);
            Assert.Contains("Passed!", test.Output, StringComparison.Ordinal);

            // The analyzers come through the project references rlvr new wrote beside the one to Rlvr.Core.
            string environment = files.Single(f => f.EndsWith("StarterProjectEnvironment.cs", StringComparison.Ordinal));
            await PlantedRewardBug.AssertBuildReportsItAsync(environment, Path.GetDirectoryName(environment)!, "-nologo");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteProjectAsync_UnderCentralPackageManagement_RefusesNamingTheFile()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            string props = Path.Combine(dir.FullName, "Directory.Packages.props");
            await File.WriteAllTextAsync(props, "<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup></Project>");
            var below = dir.CreateSubdirectory("deeper");

            var ex = await Assert.ThrowsAsync<CliException>(() => StarterEnvironment.WriteProjectAsync("x", below, null, null, CancellationToken.None));

            Assert.Contains(props, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', ex.Message);
            Assert.False(Directory.Exists(Path.Combine(below.FullName, "x")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task WriteProjectAsync_NoPackageAndNoCoreProject_SaysWhatToDo()
    {
        var dir = Directory.CreateTempSubdirectory("rlvr-new-");
        try
        {
            var ex = await Assert.ThrowsAsync<CliException>(() => StarterEnvironment.WriteProjectAsync("x", dir, null, null, CancellationToken.None));

            Assert.Contains("--core-project", ex.Message, StringComparison.Ordinal);
            Assert.Empty(dir.EnumerateFileSystemInfos());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
