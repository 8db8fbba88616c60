using Docker.DotNet;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Rollouts.Tests.Support;

/// <summary>
/// A Docker sandbox provider for the rollout tests that need sandboxes (CTF, code/agent). Docker unreachable fails
/// the test with the reason unless RLVR_SKIP_DOCKER_TESTS=1. Containers carry the label rlvr.test=rollouts-&lt;id&gt;.
/// </summary>
internal static class TestDocker
{
    public static async Task<DockerSandboxProvider> CreateAsync(string label)
    {
        var endpoint = DockerEndpoint.FromEnvironment();
        string? failure = null;
        try
        {
            using var client = new DockerClientBuilder().WithEndpoint(endpoint.Uri).WithApiVersion(new Version(1, 41)).Build();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.System.PingAsync(cts.Token);
        }
        catch (Exception ex)
        {
            failure = $"Docker is unreachable at {endpoint.Uri} ({ex.GetType().Name}: {ex.Message}); run scripts/setup-docker.sh";
        }

        if (failure is not null)
        {
            Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + failure);
            Assert.Fail(failure + " (set RLVR_SKIP_DOCKER_TESTS=1 to skip Docker tests on a machine without Docker)");
        }

        return new DockerSandboxProvider(new DockerSandboxOptions
        {
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 4 },
            Labels = new Dictionary<string, string> { ["rlvr.test"] = label },
        });
    }
}
