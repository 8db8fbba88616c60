namespace Rlvr.Core.Episodes;

/// <summary>
/// A multi-turn interaction with Gymnasium semantics: <see cref="ResetAsync"/> gives the first observation;
/// each <see cref="StepAsync"/> takes the model's action and returns the next observation, an optional reward,
/// and whether the episode ended by its own logic (terminated) or by a limit (truncated).
/// </summary>
public interface IEpisode : IAsyncDisposable
{
    /// <summary>The tools the model may call, described as JSON schema.</summary>
    IReadOnlyList<ToolDefinition> Tools { get; }

    /// <summary>Starts (or restarts) the episode.</summary>
    /// <param name="cancellationToken">Cancels the reset.</param>
    /// <returns>The first observation (the prompt).</returns>
    ValueTask<Observation> ResetAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies one model action.</summary>
    /// <param name="action">Text or a tool call.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>The step's result.</returns>
    /// <exception cref="InvalidOperationException">Called before reset or after the episode ended.</exception>
    ValueTask<StepResult> StepAsync(EpisodeAction action, CancellationToken cancellationToken = default);
}
