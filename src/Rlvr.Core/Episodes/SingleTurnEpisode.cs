namespace Rlvr.Core.Episodes;

/// <summary>The default episode: the prompt, then one answer that terminates the episode with its reward.</summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
internal sealed class SingleTurnEpisode<TProblem>(Environment<TProblem> environment, TProblem problem, ScoringContext context)
    : Episode(maxSteps: 1)
    where TProblem : notnull
{
    protected override ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Observation(environment.RenderPrompt(problem)));

    protected override async ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
    {
        var reward = await environment.ScoreAsync(problem, Completion.FromText(action.Text ?? string.Empty), context).ConfigureAwait(false);
        return new StepResult(new Observation(string.Empty), reward, Terminated: true, Truncated: false);
    }
}
