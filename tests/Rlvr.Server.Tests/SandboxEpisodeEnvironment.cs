using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Tests;

/// <summary>
/// An environment whose scoring and episodes hold a sandbox, as the code and cyber ones do: an item leases one for
/// its scoring (and waits on its problem's gate meanwhile); an episode leases one at reset and keeps it until closed.
/// </summary>
public sealed class SandboxEpisodeEnvironment : Environment<TestProblem>
{
    public override string Name => "test/sandboxed";

    public override string Version => "1.0.0";

    public override IVerifier<TestProblem> Rubric { get; } = Verifier.Create<TestProblem>(async (problem, completion, context) =>
    {
        await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("test"), context.CancellationToken);
        if (problem.Gate is not null)
        {
            TestEnvironment.Open(problem.Gate + "-leased");
            await TestEnvironment.WaitAsync(problem.Gate, context.CancellationToken);
        }

        return completion.Text.Trim() == problem.Answer ? Reward.Correct() : Reward.Wrong();
    });

    public override string RenderPrompt(TestProblem problem) => "Give a number.";

    public override string? GetProblemId(TestProblem problem) => "answer-" + problem.Answer;

    public override IEpisode CreateEpisode(TestProblem problem, ScoringContext context) => new HoldingEpisode(context);

    protected override IEnumerable<TestProblem> LoadProblems() =>
        Enumerable.Range(1, 3).Select(i => new TestProblem(i.ToString(CultureInfo.InvariantCulture)));

    private sealed class HoldingEpisode(ScoringContext context) : Episode(maxSteps: 4)
    {
        private ISandbox? sandbox;

        public override async ValueTask DisposeAsync()
        {
            if (sandbox is not null)
            {
                await sandbox.DisposeAsync();
            }

            await base.DisposeAsync();
        }

        protected override async ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken)
        {
            sandbox ??= await context.Sandboxes.AcquireAsync(new SandboxSpec("test"), cancellationToken);
            return new Observation("ready");
        }

        protected override ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new StepResult(new Observation("done"), Reward.Correct(), Terminated: true, Truncated: false));
    }
}
