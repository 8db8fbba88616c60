using System.Diagnostics;
using System.Globalization;
using Docker.DotNet.Models;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

public sealed class ReaperAndEndpointTests
{
    [SkippableFact]
    public async Task AcquireAsync_FirstContact_RemovesContainersOfDeadOwnersOnlyOnThisHost()
    {
        await using var harness = await SandboxHarness.CreateAsync();
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        using var client = DockerTestEnvironment.Client();
        string dead = await CreateLabelledAsync(client, harness.TestId, Environment.MachineName, process.Id, "1");
        string live = await CreateLabelledAsync(client, harness.TestId, Environment.MachineName, Environment.ProcessId, ContainerLabels.CurrentStartTime());
        string otherHost = await CreateLabelledAsync(client, harness.TestId, "another-host-" + harness.TestId, process.Id, "1");
        try
        {
            await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
            {
                await sandbox.ExecAsync(harness.Sh("true"));
            }

            var left = (await client.Containers.ListContainersAsync(new ContainersListParameters { All = true })).Select(c => c.ID).ToHashSet();
            Assert.DoesNotContain(dead, left);
            Assert.Contains(live, left);
            Assert.Contains(otherHost, left);
        }
        finally
        {
            foreach (string id in new[] { dead, live, otherHost })
            {
                try
                {
                    await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
                }
                catch (global::Docker.DotNet.DockerContainerNotFoundException)
                {
                }
            }
        }
    }

    [SkippableFact]
    public async Task AcquireAsync_TwoEndpoints_SpreadsContainersLeastLoadedFirst()
    {
        await DockerTestEnvironment.RequireAsync();
        await using var first = new DockerSocketProxy();
        await using var second = new DockerSocketProxy();
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 4 }, [new DockerEndpoint(first.Uri), new DockerEndpoint(second.Uri)]);
        var sandboxes = new List<ISandbox>();
        try
        {
            for (int i = 0; i < 4; i++)
            {
                sandboxes.Add(await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec));
            }

            var perEndpoint = sandboxes.Cast<DockerSandbox>().GroupBy(s => s.Endpoint.Uri).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(2, perEndpoint[first.Uri]);
            Assert.Equal(2, perEndpoint[second.Uri]);
        }
        finally
        {
            foreach (var sandbox in sandboxes)
            {
                await sandbox.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task AcquireAsync_OneEndpointDown_UsesTheOther()
    {
        await DockerTestEnvironment.RequireAsync();
        await using var up = new DockerSocketProxy();
        string missing = Path.Combine(Path.GetTempPath(), "rlvr-down-" + Guid.NewGuid().ToString("N") + ".sock");
        var down = new DockerEndpoint(new Uri("unix://" + missing));
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 2 }, [down, new DockerEndpoint(up.Uri)]);

        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var result = await sandbox.ExecAsync(harness.Sh("echo up"));

        Assert.Equal(up.Uri, ((DockerSandbox)sandbox).Endpoint.Uri);
        Assert.Equal("up\n", result.StdoutText);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AcquireAsync_AfterLeaseWithUnreadableFolder_NextLeaseSeesEmptyTmp(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 }, agent: agent);
        string firstId;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            firstId = sandbox.Id;
            await sandbox.ExecAsync(harness.Sh("mkdir -p /tmp/locked/inner && touch /tmp/locked/inner/secret && chmod 000 /tmp/locked/inner /tmp/locked"));
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var result = await next.ExecAsync(harness.Sh("find /tmp /dev/shm -mindepth 1; echo end"));

        Assert.Equal(firstId, next.Id);
        Assert.Equal("end\n", result.StdoutText);
    }

    [SkippableFact]
    public async Task AcquireAsync_AfterLeaseAsRoot_NextLeaseSeesNoRootFilesOrProcesses()
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 });
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            await sandbox.ExecAsync(harness.Sh("touch /tmp/root-file; setsid sleep 500 >/dev/null 2>&1 &") with { User = "0:0", KeepBackgroundProcesses = true });
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var result = await next.ExecAsync(harness.Sh("find /tmp -mindepth 1; ps -eo user,args | grep -c '[s]leep 500'; true"));

        Assert.Equal("0\n", result.StdoutText);
    }

    private static async Task<string> CreateLabelledAsync(global::Docker.DotNet.DockerClient client, string testId, string host, int pid, string start)
    {
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = SandboxImages.Python,
            Cmd = ["true"],
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.Sandbox] = "1",
                [ContainerLabels.Host] = host,
                [ContainerLabels.OwnerPid] = pid.ToString(CultureInfo.InvariantCulture),
                [ContainerLabels.OwnerStart] = start,
                [DockerTestEnvironment.TestLabel] = testId + "-seeded",
            },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        return created.ID;
    }
}
