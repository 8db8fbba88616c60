using Rlvr.Core;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Environments.Code.Tests.Support;

/// <summary>
/// A Docker sandbox provider for one test class: its containers carry <c>rlvr.test=code-env</c> and are removed when
/// the class's tests end. The judge images are built through the project's builder when missing. Docker being
/// unreachable fails the tests, unless RLVR_SKIP_DOCKER_TESTS=1 (then they are skipped).
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? failure;
    private static bool prepared;
    private DockerSandboxProvider? provider;

    public DockerSandboxProvider Provider
    {
        get
        {
            if (failure is not null)
            {
                Skip.If(Environment.GetEnvironmentVariable("RLVR_SKIP_DOCKER_TESTS") == "1", "RLVR_SKIP_DOCKER_TESTS=1: " + failure);
                Assert.Fail(failure + " (set RLVR_SKIP_DOCKER_TESTS=1 to skip Docker tests)");
            }

            return provider!;
        }
    }

    public ScoringContext Context(string sampleId) =>
        new(sampleId, new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token, sandboxes: Provider);

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (!prepared)
            {
                prepared = true;
                failure = await PrepareAsync();
            }
        }
        finally
        {
            Gate.Release();
        }

        if (failure is null)
        {
            provider = new DockerSandboxProvider(new DockerSandboxOptions
            {
                Labels = new Dictionary<string, string> { ["rlvr.test"] = "code-env" },
                Pool = new SandboxPoolOptions { MinIdle = 2, MaxContainers = 6 },
            });
        }
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }

    private static async Task<string?> PrepareAsync()
    {
        var endpoint = DockerEndpoint.FromEnvironment();
        try
        {
            var builder = new SandboxImageBuilder(endpoint);
            await builder.BuildAsync(Path.Combine(TestPaths.RepoRoot, "environments", "images"), null, TextWriter.Null, CancellationToken.None);
        }
        catch (Exception ex)
        {
            return $"Docker is unreachable at {endpoint.Uri} or building the judge images failed ({ex.GetType().Name}: {ex.Message}); run scripts/setup-docker.sh";
        }

        return null;
    }
}
