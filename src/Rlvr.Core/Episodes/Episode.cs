namespace Rlvr.Core.Episodes;

/// <summary>
/// Base class for multi-turn episodes: enforces the reset-then-step protocol, a step limit (truncation), and
/// no steps after the end. Derived classes implement <see cref="OnResetAsync"/> and <see cref="OnStepAsync"/>.
/// </summary>
public abstract class Episode : IEpisode
{
    private bool started;
    private bool done;

    /// <summary>Initializes the episode.</summary>
    /// <param name="maxSteps">Steps allowed before the episode is truncated.</param>
    protected Episode(int maxSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        MaxSteps = maxSteps;
    }

    /// <summary>Steps allowed before truncation.</summary>
    public int MaxSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int StepCount { get; private set; }

    /// <inheritdoc />
    public virtual IReadOnlyList<ToolDefinition> Tools => [];

    /// <inheritdoc />
    public async ValueTask<Observation> ResetAsync(CancellationToken cancellationToken = default)
    {
        StepCount = 0;
        done = false;
        var observation = await OnResetAsync(cancellationToken).ConfigureAwait(false);
        started = true;
        return observation;
    }

    /// <inheritdoc />
    public async ValueTask<StepResult> StepAsync(EpisodeAction action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!started)
        {
            throw new InvalidOperationException("Call ResetAsync before StepAsync.");
        }

        if (done)
        {
            throw new InvalidOperationException("The episode has ended; call ResetAsync to start another.");
        }

        StepCount++;
        var result = await OnStepAsync(action, cancellationToken).ConfigureAwait(false);
        if (!result.Terminated && StepCount >= MaxSteps)
        {
            result = result with { Truncated = true };
        }

        done = result.Done;
        return result;
    }

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Resets the episode's state and returns the first observation.</summary>
    /// <param name="cancellationToken">Cancels the reset.</param>
    protected abstract ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken);

    /// <summary>Applies one action; the base class sets truncation when the step limit is reached.</summary>
    /// <param name="action">The action.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    protected abstract ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken);
}
