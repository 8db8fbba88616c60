using System.Collections.Concurrent;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

public sealed class PoolTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AcquireAsync_TwoHundredExecutionsOnFourWorkers_ReuseContainersWithoutCrossTalk(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 2, MaxContainers = 4, MaxUsesPerContainer = 1000 }, agent: agent);
        var spec = SandboxHarness.PythonSpec;
        var containerIds = new ConcurrentDictionary<string, int>();
        var leaks = new ConcurrentBag<string>();
        int next = -1;

        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < 200)
            {
                await using var sandbox = await harness.Provider.AcquireAsync(spec);
                containerIds.AddOrUpdate(sandbox.Id, 1, (_, n) => n + 1);
                // Look for anything an earlier execution left, then leave a file, a hidden file and a live process.
                var request = harness.Sh(
                    "find /tmp /dev/shm -mindepth 1; ps -eo args | grep '^leftover-'; " +
                    $"echo {i} > /tmp/item-{i}; touch /tmp/.hidden-{i} /dev/shm/shm-{i}; " +
                    $"bash -c 'exec -a leftover-{i} sleep 600' >/dev/null 2>&1 & echo ok") with { KeepBackgroundProcesses = true };
                var result = await sandbox.ExecAsync(request);
                if (result.ExitCode != 0 || result.StdoutText != "ok\n")
                {
                    leaks.Add($"item {i} in {sandbox.Id[..12]}: exit {result.ExitCode}, stdout [{result.StdoutText}] stderr [{result.StderrText}]");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(WorkerAsync)));

        Assert.Empty(leaks);
        Assert.InRange(containerIds.Count, 1, 4);
        Assert.Equal(200, containerIds.Values.Sum());
        Assert.True(containerIds.Values.Max() > 1, "containers were not reused");
    }

    [SkippableFact]
    public async Task Return_AfterTimeout_RecyclesTheContainer()
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 });
        string firstId;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            firstId = sandbox.Id;
            var result = await sandbox.ExecAsync(harness.Sh("sleep 5", TimeSpan.FromSeconds(0.5)));
            Assert.True(result.TimedOut);
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        Assert.NotEqual(firstId, next.Id);
    }

    [SkippableFact]
    public async Task Return_AfterMaxUses_RecyclesTheContainer()
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1, MaxUsesPerContainer = 2 });
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
            ids.Add(sandbox.Id);
            await sandbox.ExecAsync(harness.Sh("true"));
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[1], ids[2]);
    }

    [SkippableFact]
    public async Task WarmUpAsync_MinIdle_StartsContainersAhead()
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 3, MaxContainers = 4 });

        await harness.Provider.WarmUpAsync(SandboxHarness.PythonSpec);

        Assert.Equal(3, await DockerTestEnvironment.CountContainersAsync(harness.TestId));
    }

    [SkippableFact]
    public async Task ExecAsync_Cancelled_ThrowsAndTheContainerIsReplaced()
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 });
        string firstId;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            firstId = sandbox.Id;
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await sandbox.ExecAsync(harness.Sh("sleep 30", TimeSpan.FromSeconds(60)), cts.Token));
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var result = await next.ExecAsync(harness.Sh("echo fine"));

        Assert.NotEqual(firstId, next.Id);
        Assert.Equal("fine\n", result.StdoutText);
    }
}
