using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// Losing the engine mid-batch, simulated with a proxy between the provider and the shared daemon (which keeps
/// running for everybody else): affected items are InfraError, later items recover once the connection is back.
/// </summary>
public sealed class DaemonConnectionTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ScoreAsync_ConnectionCutMidBatch_AffectedItemsAreInfraErrorAndLaterOnesRecover(bool agent)
    {
        await DockerTestEnvironment.RequireAsync();
        await using var proxy = new DockerSocketProxy();
        await using var harness = await SandboxHarness.CreateAsync(
            new SandboxPoolOptions { MinIdle = 1, MaxContainers = 2 },
            [new DockerEndpoint(proxy.Uri)],
            agent);
        var environment = new DoublingEnvironment(proxy, harness.Marker);
        var requests = Enumerable.Range(0, 16).Select(i => new ScoringRequest(
            "item-" + i.ToString(CultureInfo.InvariantCulture),
            new DoublingProblem(i, i == 6 ? "cut" : i == 10 ? "restore" : "run"),
            Completion.FromText((2 * i).ToString(CultureInfo.InvariantCulture)))).ToArray();
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 1, MaxAttempts = 1, ItemTimeout = TimeSpan.FromSeconds(60) }, harness.Provider);

        var items = await engine.ScoreAsync(environment, requests);

        for (int i = 0; i < items.Length; i++)
        {
            var reward = items[i].Reward;
            if (i is >= 6 and < 10)
            {
                Assert.True(reward.Outcome == Outcome.InfraError, $"item {i}: {reward.Outcome} {reward.Reason} {reward.Detail}");
                Assert.Equal(SandboxReasons.DockerUnreachable, reward.Reason);
                Assert.Contains("scripts/setup-docker.sh", reward.Detail, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(reward.Outcome == Outcome.Scored && reward.Value == 1.0, $"item {i}: {reward.Outcome} {reward.Reason} {reward.Detail}");
            }
        }
    }

    [SkippableFact]
    public async Task AcquireAsync_NoEngineAtTheEndpoint_ThrowsDockerUnreachableWithTheFix()
    {
        string missing = Path.Combine(Path.GetTempPath(), "rlvr-no-docker-" + Guid.NewGuid().ToString("N") + ".sock");
        await using var provider = new DockerSandboxProvider(new DockerSandboxOptions { Endpoints = [new DockerEndpoint(new Uri("unix://" + missing))] });

        var ex = await Assert.ThrowsAsync<SandboxException>(async () => await provider.AcquireAsync(SandboxHarness.PythonSpec));

        Assert.Equal(SandboxReasons.DockerUnreachable, ex.Reason);
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup-docker.sh", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rlvr doctor", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AcquireAsync_ImageMissing_ThrowsImageMissingWithTheBuildCommand()
    {
        await using var harness = await SandboxHarness.CreateAsync();

        var ex = await Assert.ThrowsAsync<SandboxException>(async () => await harness.Provider.AcquireAsync(new SandboxSpec("rlvr/does-not-exist-" + harness.TestId + ":latest")));

        Assert.Equal(SandboxReasons.ImageMissing, ex.Reason);
        Assert.Contains("rlvr images build does-not-exist-" + harness.TestId, ex.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_ContainerKilledFromOutside_ThrowsContainerDied(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        using (var client = DockerTestEnvironment.Client())
        {
            await client.Containers.KillContainerAsync(sandbox.Id, new global::Docker.DotNet.Models.ContainerKillParameters { Signal = "KILL" });
        }

        var ex = await Assert.ThrowsAsync<SandboxException>(async () => await sandbox.ExecAsync(harness.Sh("echo hi")));

        Assert.Equal(SandboxReasons.ContainerDied, ex.Reason);
    }

    private sealed record DoublingProblem(int N, string Action);

    /// <summary>Scores "2N" by running Python in a sandbox; the problem's action cuts or restores the engine connection.</summary>
    private sealed class DoublingEnvironment(DockerSocketProxy proxy, string marker) : Environment<DoublingProblem>
    {
        public override string Name => "test-doubling";

        public override string Version => "1";

        public override IVerifier<DoublingProblem> Rubric => Verifier.Create<DoublingProblem>(async (problem, completion, context) =>
        {
            if (problem.Action == "restore")
            {
                proxy.Restore();
            }

            await using var sandbox = await context.Sandboxes.AcquireAsync(SandboxHarness.PythonSpec, context.CancellationToken);
            string program = problem.Action == "cut"
                ? $"import time; time.sleep(2); print({problem.N} * 2)"
                : $"print({problem.N} * 2)";
            if (problem.Action == "cut")
            {
                _ = Task.Delay(500).ContinueWith(_ => proxy.Cut(), TaskScheduler.Default);
            }

            var result = await sandbox.ExecAsync(new ExecRequest(["python3", "-c", program, marker]), context.CancellationToken);
            return result.StdoutText.Trim() == completion.Text.Trim() ? Reward.Correct() : Reward.Wrong();
        });

        public override string RenderPrompt(DoublingProblem problem) => $"Double {problem.N}.";
    }
}
