using System.IO.Compression;
using Rlvr.Cli.Tests.Commands;
using Rlvr.Tests.Support;

namespace Rlvr.Cli.Tests.Packaging;

/// <summary>
/// The user's path, end to end, with the packed and installed tool and a working directory outside the repository:
/// <c>rlvr new</c> writes a starter whose README commands pass on the package path, the Rlvr analyzers report a
/// planted reward bug in its build, and the tool finds the sandbox image build contexts it ships with.
/// Slow (a pack, a tool install, a restore and three builds), so the tool is installed once for the class.
/// </summary>
public sealed class InstalledToolTests(InstalledTool tool) : IClassFixture<InstalledTool>
{
    [Fact]
    public void Pack_ToolPackage_CarriesRlvrCoreWithAnalyzersAndTheImages()
    {
        using var package = ZipFile.OpenRead(tool.ToolPackage);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        string core = $"tools/net10.0/any/packages/Rlvr.Core.{tool.Version}.nupkg";
        Assert.Contains(core, entries);
        Assert.Contains("tools/net10.0/any/images/python/Dockerfile", entries);
        Assert.Contains("tools/net10.0/any/images/code-python/judge/runner.py", entries);

        using var inner = new ZipArchive(package.GetEntry(core)!.Open());
        var innerEntries = inner.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("lib/net10.0/Rlvr.Core.dll", innerEntries);
        Assert.Contains("analyzers/dotnet/cs/Rlvr.Analyzers.dll", innerEntries);
        Assert.Contains("analyzers/dotnet/cs/Rlvr.Analyzers.CodeFixes.dll", innerEntries);
    }

    [Fact]
    public void Pack_EveryPackage_CarriesReadmeLicenceRepositoryAndSymbols()
    {
        using var package = ZipFile.OpenRead(tool.ToolPackage);
        AssertTrustedMetadata(package, "Rlvr.Cli");
        using var inner = new ZipArchive(package.GetEntry($"tools/net10.0/any/packages/Rlvr.Core.{tool.Version}.nupkg")!.Open());
        AssertTrustedMetadata(inner, "Rlvr.Core");

        string symbols = Path.ChangeExtension(tool.ToolPackage, ".snupkg");
        Assert.True(File.Exists(symbols), "no symbol package beside " + tool.ToolPackage);
        using var snupkg = ZipFile.OpenRead(symbols);
        Assert.Contains(snupkg.Entries, e => e.FullName.EndsWith("rlvr.pdb", StringComparison.OrdinalIgnoreCase));
    }

    private static void AssertTrustedMetadata(ZipArchive package, string id)
    {
        var entries = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        string nuspec;
        using (var reader = new StreamReader(package.GetEntry(id + ".nuspec")!.Open()))
        {
            nuspec = reader.ReadToEnd();
        }

        var metadata = System.Xml.Linq.XDocument.Parse(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Element(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("README.md", Element("readme"));
        Assert.Equal(("file", "LICENSE"), ((string?)license.Attribute("type"), license.Value));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"), StringComparison.Ordinal);
        Assert.Equal((string?)repository.Attribute("url"), Element("projectUrl"));
    }

    [Fact]
    public async Task New_OutsideAnyRepository_ReadmeCommandsPassAndAPlantedBugIsReported()
    {
        string work = Path.Combine(tool.Work, "user");
        Directory.CreateDirectory(work);

        var created = await tool.RunAsync(work, "new", "my-env");
        Assert.True(created.ExitCode == 0, created.Output);
        string root = Path.Combine(work, "my-env");
        foreach (string file in new[] { "my-env.sln", ".gitignore", "nuget.config", $"packages/Rlvr.Core.{tool.Version}.nupkg", "README.md" })
        {
            Assert.True(File.Exists(Path.Combine(root, file)), file + " was not written: " + created.Output);
        }

        // The README's commands, as written there.
        string readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        Assert.Contains("\ndotnet test\n", readme, StringComparison.Ordinal);
        var test = await ProcessRunner.DotnetAsync(root, "test", "-nologo");
        Assert.True(test.ExitCode == 0, test.Output);
        Assert.Contains("Passed!", test.Output, StringComparison.Ordinal);

        const string project = "src/MyEnv.Environment";
        var build = await ProcessRunner.DotnetAsync(root, "build", project, "-nologo");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains($"dotnet build {project} && rlvr eval --assembly {project}/bin/Debug/net10.0/MyEnv.Environment.dll --env my-env --input samples.jsonl", readme, StringComparison.Ordinal);
        var eval = await tool.RunAsync(
            root, "eval", "--assembly", $"{project}/bin/Debug/net10.0/MyEnv.Environment.dll", "--env", "my-env", "--input", "samples.jsonl", "--output", "results.jsonl");
        Assert.True(eval.ExitCode == 0, eval.Output);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(root, "results.jsonl")).Count(l => l.Length > 0));

        // A reward bug: containment instead of the exact comparison. The analyzers came with the package.
        await PlantedRewardBug.AssertBuildReportsItAsync(Path.Combine(root, project, "MyEnvEnvironment.cs"), root, project, "-nologo");
    }

    [Fact]
    public async Task New_InsideCentralPackageManagement_RefusesNamingTheFile()
    {
        string governed = Path.Combine(tool.Work, "cpm", "deeper");
        Directory.CreateDirectory(governed);
        string props = Path.Combine(tool.Work, "cpm", "Directory.Packages.props");
        await File.WriteAllTextAsync(props, """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);

        var result = await tool.RunAsync(governed, "new", "my-env");

        Assert.NotEqual(0, result.ExitCode);
        string message = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(props, message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(governed, "my-env")));
    }

    [Fact]
    public async Task ImagesBuild_OutsideAnyRepository_FindsTheImagesShippedWithTheTool()
    {
        string work = Path.Combine(tool.Work, "elsewhere");
        Directory.CreateDirectory(work);

        // An unknown name fails before any engine is contacted, naming where the tool looked and what it found.
        var result = await tool.RunAsync(work, "images", "build", "no-such-image");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(Path.Combine(tool.Work, "tool", ".store"), result.Output, StringComparison.Ordinal);
        // Every build context of the checkout ships with the tool (the list grows as images are added).
        string known = result.Output[(result.Output.IndexOf("Known: ", StringComparison.Ordinal) + "Known: ".Length)..];
        var shipped = known.Split('\n')[0].Trim().TrimEnd('.').Split(", ");
        var inCheckout = Directory.GetDirectories(Path.Combine(RepoPaths.Root, "environments", "images")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(inCheckout, shipped.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("(Parameter", result.Output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ImagesBuild_InstalledTool_EveryImageBuiltFromTheCheckoutIsUpToDate()
    {
        Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1");

        // The checkout's images exactly as scripts/test.sh builds them (the CLI's build output, its images/ copy): a
        // cache hit there, since the script built them before the tests (it builds only what is missing).
        string cli = Path.Combine(RepoPaths.Root, "src", "Rlvr.Cli", "bin", InstalledTool.Configuration, "net10.0", "rlvr.dll");
        var checkout = await ProcessRunner.RunAsync("dotnet", RepoPaths.Root, null, TimeSpan.FromMinutes(30), cli, "images", "build");
        Assert.True(checkout.ExitCode == 0, checkout.Output);
        var expected = HashTags(checkout.Output);
        Assert.Equal(Directory.GetDirectories(Path.Combine(RepoPaths.Root, "environments", "images")).Length, expected.Count);

        // The source folder itself hashes the same (a file left in the build output's copy would differ here).
        var source = await ProcessRunner.RunAsync("dotnet", RepoPaths.Root, null, TimeSpan.FromMinutes(5), cli, "images", "build", "--dir", Path.Combine(RepoPaths.Root, "environments", "images"));
        Assert.True(source.ExitCode == 0, source.Output);
        Assert.Equal(expected, HashTags(source.Output));
        var before = await ImageIdsAsync(expected.Keys);

        // The installed tool, outside any repository, with the contexts it ships with: the same content hash for every
        // image, so nothing is rebuilt and rlvr/NAME:latest keeps pointing at the same image.
        string work = Path.Combine(tool.Work, "images-cache");
        Directory.CreateDirectory(work);
        var installed = await tool.RunAsync(work, "images", "build");

        Assert.True(installed.ExitCode == 0, installed.Output);
        Assert.Equal(expected, HashTags(installed.Output));
        foreach (var (name, tag) in expected)
        {
            Assert.Contains($"rlvr/{name}:latest  up to date ({tag})", installed.Output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("building", installed.Output, StringComparison.Ordinal);
        Assert.Contains($"0 built, {expected.Count} up to date", installed.Output, StringComparison.Ordinal);
        Assert.Equal(before, await ImageIdsAsync(expected.Keys));
    }

    /// <summary>NAME → rlvr/NAME:HASH from the lines of <c>rlvr images build</c> ("up to date (TAG)" or "building TAG").</summary>
    private static Dictionary<string, string> HashTags(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"^rlvr/([a-z0-9-]+):latest  (?:up to date \((rlvr/[a-z0-9-]+:[0-9a-f]{12})\)|building (rlvr/[a-z0-9-]+:[0-9a-f]{12}))", System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value, StringComparer.Ordinal);

    /// <summary>The image id behind <c>rlvr/NAME:latest</c> for each name.</summary>
    private static async Task<Dictionary<string, string>> ImageIdsAsync(IEnumerable<string> names)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            var inspect = await ProcessRunner.RunAsync("docker", RepoPaths.Root, null, TimeSpan.FromMinutes(1), "image", "inspect", "--format", "{{.Id}}", $"rlvr/{name}:latest");
            Assert.True(inspect.ExitCode == 0, inspect.Output);
            ids[name] = inspect.Output.Trim();
        }

        return ids;
    }
}
