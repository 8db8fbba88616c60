using Docker.DotNet;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Environments.Cyber.Tests;

/// <summary>
/// One Docker provider shared by the cyber tests (builds are cached per process, so sharing keeps the gate fast).
/// Docker unreachable fails the test with the reason unless RLVR_SKIP_DOCKER_TESTS=1; the rlvr/cyber image is
/// built through the project's image builder when missing. Containers carry the label rlvr.test=cyber-&lt;id&gt;
/// and are removed when the test assembly ends.
/// </summary>
internal static class CyberDocker
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DockerSandboxProvider? provider;
    private static string? failure;

    public static async Task<DockerSandboxProvider> RequireAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (provider is null && failure is null)
            {
                failure = await PrepareAsync();
                if (failure is null)
                {
                    provider = new DockerSandboxProvider(new DockerSandboxOptions
                    {
                        Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 6 },
                        Labels = new Dictionary<string, string> { ["rlvr.test"] = "cyber-" + Guid.NewGuid().ToString("N")[..12] },
                    });
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }
            }
        }
        finally
        {
            Gate.Release();
        }

        if (failure is not null)
        {
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + failure);
            Assert.Fail(failure + " (set RLVR_SKIP_DOCKER_TESTS=1 to skip Docker tests on a machine without Docker)");
        }

        return provider!;
    }

    private static async Task<string?> PrepareAsync()
    {
        var endpoint = DockerEndpoint.FromEnvironment();
        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(endpoint.Uri).WithApiVersion(new Version(1, 41)).Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(cts.Token);
        }
        catch (Exception ex)
        {
            return $"Docker is unreachable at {endpoint.Uri} ({ex.GetType().Name}: {ex.Message}); run scripts/setup-docker.sh";
        }

        try
        {
            await new SandboxImageBuilder(endpoint).BuildAsync(RepoPaths.ImagesDirectory, "cyber", TextWriter.Null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return $"Building the sandbox images failed: {ex.Message}";
        }

        return null;
    }
}
