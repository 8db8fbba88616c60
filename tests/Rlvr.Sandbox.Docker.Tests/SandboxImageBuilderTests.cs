using Docker.DotNet.Models;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

public sealed class SandboxImageBuilderTests
{
    [Fact]
    public void BaseImages_FromLines_ReturnOnlyOurImages()
    {
        string dockerfile = "FROM debian:bookworm-slim AS build\nRUN true\nFROM --platform=linux/amd64 rlvr/python:latest\n";

        Assert.Equal(["python"], SandboxImageBuilder.BaseImages(dockerfile));
    }

    [Fact]
    public void DotnetRuntimeFiles_RunningRuntime_HasMuxerHostAndSharedFramework()
    {
        var files = SandboxImageBuilder.DotnetRuntimeFiles().Select(f => f.Relative).ToList();

        Assert.Contains("dotnet/dotnet", files);
        Assert.Contains(files, f => f.StartsWith("dotnet/host/fxr/", StringComparison.Ordinal) && f.EndsWith("libhostfxr.so", StringComparison.Ordinal));
        Assert.Contains(files, f => f == $"dotnet/shared/Microsoft.NETCore.App/{Environment.Version}/System.Private.CoreLib.dll");
    }

    [Fact]
    public void Discover_FolderWithoutDockerfile_IsIgnored()
    {
        var root = Directory.CreateTempSubdirectory("rlvr-images-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "b"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "a"));
            Directory.CreateDirectory(Path.Combine(root.FullName, "empty"));
            File.WriteAllText(Path.Combine(root.FullName, "b", "Dockerfile"), "FROM debian:bookworm-slim\n");
            File.WriteAllText(Path.Combine(root.FullName, "a", "Dockerfile"), "FROM debian:bookworm-slim\n");

            Assert.Equal(["a", "b"], SandboxImageBuilder.Discover(root.FullName));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task BuildAsync_ChildOfOurImage_BuildsTheBaseFirstThenCaches()
    {
        await DockerTestEnvironment.RequireAsync();
        string id = Guid.NewGuid().ToString("N")[..8];
        string baseName = "test-base-" + id;
        string childName = "test-child-" + id;
        var root = Directory.CreateTempSubdirectory("rlvr-images-");
        var builder = new SandboxImageBuilder();
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, baseName));
            Directory.CreateDirectory(Path.Combine(root.FullName, childName));
            File.WriteAllText(Path.Combine(root.FullName, baseName, "Dockerfile"), "FROM debian:bookworm-slim\nCOPY marker /marker\n");
            File.WriteAllText(Path.Combine(root.FullName, baseName, "marker"), "base " + id + "\n");
            File.WriteAllText(Path.Combine(root.FullName, childName, "Dockerfile"), $"FROM rlvr/{baseName}:latest\nRUN cat /marker > /child\n");

            var first = await builder.BuildAsync(root.FullName, childName, TextWriter.Null);
            var second = await builder.BuildAsync(root.FullName, childName, TextWriter.Null);

            Assert.Equal([baseName, childName], first.Select(r => r.Name));
            Assert.All(first, r => Assert.True(r.Built));
            Assert.All(second, r => Assert.False(r.Built));
            Assert.Equal(first.Select(r => r.Hash), second.Select(r => r.Hash));
            await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 } });
            await using var sandbox = await provider.AcquireAsync(new SandboxSpec(SandboxImages.Latest(childName)));
            var result = await sandbox.ExecAsync(new ExecRequest(["cat", "/child"]));
            Assert.Equal("base " + id + "\n", result.StdoutText);
        }
        finally
        {
            root.Delete(recursive: true);
            await RemoveImagesAsync(childName, baseName);
        }
    }

    [SkippableFact]
    public async Task BuildAsync_IncludeDotnetRuntimeDirective_ImageRunsDotnet()
    {
        await DockerTestEnvironment.RequireAsync();
        string name = "test-dotnet-" + Guid.NewGuid().ToString("N")[..8];
        var root = Directory.CreateTempSubdirectory("rlvr-images-");
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, name));
            File.WriteAllText(
                Path.Combine(root.FullName, name, "Dockerfile"),
                SandboxImageBuilder.IncludeDotnetRuntimeDirective + "\nFROM debian:bookworm-slim\nCOPY dotnet/ /usr/share/dotnet/\n");

            var results = await new SandboxImageBuilder().BuildAsync(root.FullName, name, TextWriter.Null);
            await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 } });
            await using var sandbox = await provider.AcquireAsync(new SandboxSpec(SandboxImages.Latest(name)));
            var result = await sandbox.ExecAsync(new ExecRequest(["/usr/share/dotnet/dotnet", "--list-runtimes"]));

            Assert.True(results.Single().Built);
            Assert.Contains($"Microsoft.NETCore.App {Environment.Version}", result.StdoutText, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
            await RemoveImagesAsync(name);
        }
    }

    [SkippableFact]
    public async Task BuildAsync_UnknownName_ThrowsWithTheKnownNames()
    {
        await DockerTestEnvironment.RequireAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new SandboxImageBuilder().BuildAsync(RepoPaths.ImagesDirectory, "no-such-image", TextWriter.Null));

        Assert.Contains("python", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Removes every tag of the test's own images (never anything else).</summary>
    private static async Task RemoveImagesAsync(params string[] names)
    {
        using var client = DockerTestEnvironment.Client();
        foreach (string name in names)
        {
            var images = await client.Images.ListImagesAsync(new ImagesListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [SandboxImages.Prefix + name] = true } },
            });
            foreach (var image in images)
            {
                try
                {
                    await client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true });
                }
                catch (global::Docker.DotNet.DockerApiException)
                {
                    // Already gone, or still referenced by the child removed just after.
                }
            }
        }
    }
}
