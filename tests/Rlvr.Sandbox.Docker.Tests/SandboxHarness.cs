using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// One test's provider: its containers carry a unique test label and its commands a unique marker, so the end of the
/// test can check that no container and no process of it is left.
/// </summary>
internal sealed class SandboxHarness : IAsyncDisposable
{
    private SandboxHarness(DockerSandboxProvider provider, string testId, int containersBefore)
    {
        Provider = provider;
        TestId = testId;
        ContainersBefore = containersBefore;
    }

    public DockerSandboxProvider Provider { get; }

    public string TestId { get; }

    /// <summary>Appears in the command line of every command built with <see cref="Sh"/>.</summary>
    public string Marker => "rlvr-test-" + TestId;

    public int ContainersBefore { get; }

    public static SandboxSpec PythonSpec => new(SandboxImages.Python);

    public static async Task<SandboxHarness> CreateAsync(SandboxPoolOptions? pool = null, IReadOnlyList<DockerEndpoint>? endpoints = null, bool agent = true)
    {
        await DockerTestEnvironment.RequireAsync();
        string testId = Guid.NewGuid().ToString("N")[..12];
        int before = await DockerTestEnvironment.CountContainersAsync(testId);
        var options = new DockerSandboxOptions
        {
            Pool = (pool ?? new SandboxPoolOptions { MinIdle = 0, MaxContainers = 4 }) with { UseExecAgent = agent },
            Labels = new Dictionary<string, string> { [DockerTestEnvironment.TestLabel] = testId },
        };
        if (endpoints is not null)
        {
            options = options with { Endpoints = endpoints };
        }

        return new SandboxHarness(new DockerSandboxProvider(options), testId, before);
    }

    /// <summary>A shell command whose process title carries the test marker.</summary>
    public ExecRequest Sh(string script, TimeSpan? timeout = null, string? stdin = null) => new(["sh", "-c", script, Marker])
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
        Stdin = stdin is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(stdin),
    };

    /// <summary>A Python program (read from <c>-c</c>) whose process title carries the test marker.</summary>
    public ExecRequest Python(string program, TimeSpan? timeout = null) => new(["python3", "-c", program, Marker])
    {
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>Disposes the provider, then checks that no container and no process of this test remains.</summary>
    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        // Containers are created with AutoRemove: one that died (killed from outside) is removed by the engine on its
        // own schedule, so give the engine a bounded moment before counting.
        int after = await DockerTestEnvironment.CountContainersAsync(TestId);
        for (int i = 0; i < 100 && after != ContainersBefore; i++)
        {
            await Task.Delay(100);
            after = await DockerTestEnvironment.CountContainersAsync(TestId);
        }

        Assert.Equal(ContainersBefore, after);
        Assert.Equal(0, DockerTestEnvironment.CountHostProcesses(Marker));
    }
}
