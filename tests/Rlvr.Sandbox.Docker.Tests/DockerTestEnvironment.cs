using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// Shared by every Docker test: the engine must answer (else the test fails with the reason, or is skipped when
/// RLVR_SKIP_DOCKER_TESTS=1), and the sandbox images are built through the project's builder when missing.
/// </summary>
internal static class DockerTestEnvironment
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? failure;
    private static bool ready;

    public const string TestLabel = "rlvr.test";

    /// <summary>Makes sure the engine answers and the images exist; fails or skips the test otherwise.</summary>
    public static async Task RequireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!ready && failure is null)
            {
                failure = await PrepareAsync();
                ready = failure is null;
            }
        }
        finally
        {
            Gate.Release();
        }

        if (failure is not null)
        {
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + failure);
            Assert.Fail(failure + " (set RLVR_SKIP_DOCKER_TESTS=1 to skip Docker tests on a machine without Docker; CI never does)");
        }
    }

    /// <summary>A client on the default endpoint, for counting containers.</summary>
    public static DockerClient Client() => new DockerClientBuilder().WithEndpoint(DockerEndpoint.FromEnvironment().Uri).WithApiVersion(new System.Version(1, 41)).Build();

    /// <summary>Containers (running or not) carrying <c>rlvr.test=<paramref name="testId"/></c>.</summary>
    public static async Task<int> CountContainersAsync(string testId)
    {
        using var client = Client();
        var list = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [TestLabel + "=" + testId] = true },
            },
        });
        return list.Count;
    }

    /// <summary>Host processes whose command line contains <paramref name="marker"/> (processes inside containers are visible on the host).</summary>
    public static int CountHostProcesses(string marker)
    {
        int count = 0;
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return count;
    }

    private static async Task<string?> PrepareAsync()
    {
        var endpoint = DockerEndpoint.FromEnvironment();
        try
        {
            using var client = Client();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(cts.Token);
        }
        catch (Exception ex)
        {
            return $"Docker is unreachable at {endpoint.Uri} ({ex.GetType().Name}: {ex.Message}); run scripts/setup-docker.sh";
        }

        try
        {
            var builder = new SandboxImageBuilder(endpoint);
            await builder.BuildAsync(RepoPaths.ImagesDirectory, null, TextWriter.Null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return $"Building the sandbox images failed: {ex.Message}";
        }

        return null;
    }
}
