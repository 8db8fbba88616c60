using System.Globalization;
using Rlvr.Analyzers.Tests.Infrastructure;
using Rlvr.Tests.Support;

namespace Rlvr.Analyzers.Tests.Packaging;

/// <summary>
/// Packs Rlvr.Core and builds a throwaway consumer that references only the package: the analyzers
/// must come with it and report a reward bug. Slow (two real builds), so it lives in its own class.
/// </summary>
public sealed class PackageDeliveryTests : IDisposable
{
    private readonly string work = Path.Combine(Path.GetTempPath(), "rlvr-pkgtest-" + Guid.NewGuid().ToString("N"));

    // A version no other run uses, so the global package cache can never serve a stale package.
    private readonly string version = "0.0.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)
        + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Pack_ConsumerWithContainmentBug_BuildReportsRlvr1001()
    {
        string feed = Path.Combine(work, "feed");
        string consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        string core = Path.Combine(TestReferences.RepoRoot, "src", "Rlvr.Core", "Rlvr.Core.csproj");

        var pack = await ProcessRunner.DotnetAsync(work, "pack", core, "-c", "Release", "-o", feed, "-p:Version=" + version, "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, pack.Output);
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"Rlvr.Core.{version}.nupkg")))
        {
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("analyzers/dotnet/cs/Rlvr.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Rlvr.Analyzers.CodeFixes.dll", entries);
        }

        // No <clear/>: the machine's own sources still serve Rlvr.Core's dependencies.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <add key="rlvr-pkgtest" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Rlvr.Core" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "ContainsVerifier.cs"), """
            using Rlvr.Core;

            namespace Consumer;

            public sealed record Problem(string Question, string Answer);

            public sealed class ContainsVerifier : IVerifier<Problem>
            {
                public ValueTask<Reward> ScoreAsync(Problem problem, Completion completion, ScoringContext context) =>
                    new(completion.Text.Contains(problem.Answer, StringComparison.Ordinal) ? Reward.Correct() : Reward.Wrong());
            }
            """);

        var build = await ProcessRunner.DotnetAsync(consumer, "build", "--disable-build-servers");

        Assert.Contains("error RLVR1001", build.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, build.ExitCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string cached = Path.Combine(cache, "rlvr.core", version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }
}
