using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// Two real engines on this machine (the shared one and a second started by scripts/start-docker-engine.sh): a batch
/// spreads over both, the second is killed mid-batch, every item is still answered once and correctly, and the engine
/// is used again once it is back.
/// </summary>
public sealed class MultiEngineTests
{
    [SkippableFact]
    public async Task ScoreAsync_OneEngineKilledMidBatch_EveryItemAnsweredOnceOnTheSurvivorAndTheEngineReturns()
    {
        var second = await SecondEngine.StartAsync();
        string testId = Guid.NewGuid().ToString("N")[..12];
        var first = DockerEndpoint.FromEnvironment();
        var options = new DockerSandboxOptions
        {
            Endpoints = [first, second],
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 4, UseExecAgent = true },
            HealthCheckInterval = TimeSpan.FromMilliseconds(500),
            Labels = new Dictionary<string, string> { [DockerTestEnvironment.TestLabel] = testId },
        };
        var environment = new DoublingEnvironment(killAtCall: 12);
        var scoring = new ScoringOptions { MaxDegreeOfParallelism = 4, MaxAttempts = 3, ItemTimeout = TimeSpan.FromSeconds(60) };
        var requests = Enumerable.Range(0, 40).Select(i => new ScoringRequest(
            "item-" + i.ToString(CultureInfo.InvariantCulture),
            new DoublingProblem(i),
            Completion.FromText((i % 3 == 0 ? 2 * i + 1 : 2 * i).ToString(CultureInfo.InvariantCulture)))).ToArray();

        ScoredItem[] items;
        ScoredItem[] after;
        await using (var provider = new DockerSandboxProvider(options))
        {
            var engine = new ScoringEngine(scoring, provider);
            items = await engine.ScoreAsync(environment, requests);

            Assert.True(environment.Served[second.Uri.ToString()] > 0, "the second engine took no item before it was killed");
            Assert.True(provider.Engines[1].Outages >= 1, "the killed engine was never taken out of placement");

            await SecondEngine.StartAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!provider.Engines[1].Up && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(provider.Engines[1].Up, "the restarted engine was not put back within 30 s");
            // A new pool (another spec): the first engine already holds this test's idle containers, so placement
            // must choose the engine that came back.
            var again = new DoublingEnvironment(killAtCall: 0) { Spec = SandboxHarness.PythonSpec with { MemoryBytes = 192L * 1024 * 1024 } };
            after = await engine.ScoreAsync(again, requests.Take(12).ToArray());
            environment = again;
            Assert.True(environment.Served.GetValueOrDefault(second.Uri.ToString()) > 0, "the restarted engine took no item");
        }

        Assert.Equal(requests.Select(r => r.Id), items.Select(i => i.Id));
        foreach (var (item, i) in items.Concat(after).Select((item, i) => (item, i % 40)))
        {
            double expected = i % 3 == 0 ? 0.0 : 1.0;
            Assert.True(
                item.Reward.Outcome == Outcome.Scored && item.Reward.Value == expected,
                $"{item.Id}: {item.Reward.Outcome} {item.Reward.Value} {item.Reward.Reason} {item.Reward.Detail}");
        }

        Assert.True(items.Any(i => i.Attempts > 1), "no item was retried: the kill hit nothing in flight");
        Assert.Equal(0, await CountAsync(first, testId));
        await WaitForNoContainersAsync(second, testId);
    }

    [SkippableFact]
    public async Task AcquireAsync_EngineAtItsOwnLimit_PlacesOnTheOther()
    {
        var second = await SecondEngine.StartAsync();
        string testId = Guid.NewGuid().ToString("N")[..12];
        var first = DockerEndpoint.FromEnvironment() with { MaxContainers = 1 };
        var options = new DockerSandboxOptions
        {
            Endpoints = [first, second],
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 3, UseExecAgent = false },
            Labels = new Dictionary<string, string> { [DockerTestEnvironment.TestLabel] = testId },
        };
        await using (var provider = new DockerSandboxProvider(options))
        {
            var leases = new List<ISandbox>();
            for (int i = 0; i < 3; i++)
            {
                leases.Add(await provider.AcquireAsync(SandboxHarness.PythonSpec));
            }

            Assert.Equal(1, provider.Engines[0].LiveContainers);
            Assert.Equal(2, provider.Engines[1].LiveContainers);
            foreach (var lease in leases)
            {
                await lease.DisposeAsync();
            }
        }

        Assert.Equal(0, await CountAsync(first, testId));
        await WaitForNoContainersAsync(second, testId);
    }

    private static async Task<int> CountAsync(DockerEndpoint endpoint, string testId)
    {
        using var client = new DockerClientBuilder().WithEndpoint(endpoint.Uri).WithApiVersion(new System.Version(1, 41)).Build();
        var list = await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [DockerTestEnvironment.TestLabel + "=" + testId] = true },
            },
        });
        return list.Count;
    }

    /// <summary>Containers of a killed engine are removed once it is back (the provider retries what it could not remove).</summary>
    private static async Task WaitForNoContainersAsync(DockerEndpoint endpoint, string testId)
    {
        int left = await CountAsync(endpoint, testId);
        for (int i = 0; i < 50 && left > 0; i++)
        {
            await Task.Delay(200);
            left = await CountAsync(endpoint, testId);
        }

        Assert.Equal(0, left);
    }

    private sealed record DoublingProblem(int N);

    /// <summary>Scores "2N" by running Python in a sandbox; the verifier call numbered killAtCall kills the second engine.</summary>
    private sealed class DoublingEnvironment(int killAtCall) : Environment<DoublingProblem>
    {
        private int calls;

        public SandboxSpec Spec { get; init; } = SandboxHarness.PythonSpec;

        /// <summary>Items answered per engine address.</summary>
        public ConcurrentDictionary<string, int> Served { get; } = new(StringComparer.Ordinal);

        public override string Name => "test-multi-engine";

        public override string Version => "1";

        public override IVerifier<DoublingProblem> Rubric => Verifier.Create<DoublingProblem>(async (problem, completion, context) =>
        {
            await using var sandbox = await context.Sandboxes.AcquireAsync(Spec, context.CancellationToken);
            if (Interlocked.Increment(ref calls) == killAtCall)
            {
                // Mid-command on this or another worker's sandbox: the program below sleeps, so others are in flight.
                _ = Task.Delay(150).ContinueWith(_ => SecondEngine.Kill(), TaskScheduler.Default);
            }

            var result = await sandbox.ExecAsync(
                new ExecRequest(["python3", "-c", $"import time; time.sleep(0.4); print({problem.N} * 2)"]) { Timeout = TimeSpan.FromSeconds(10) },
                context.CancellationToken);
            Served.AddOrUpdate(((DockerSandbox)sandbox).Endpoint.Uri.ToString(), 1, (_, n) => n + 1);
            return result.StdoutText.Trim() == completion.Text.Trim() ? Reward.Correct() : Reward.Wrong();
        });

        public override string RenderPrompt(DoublingProblem problem) => $"Double {problem.N}.";
    }
}
