namespace Rlvr.Rollouts;

/// <summary>How a <see cref="RolloutRunner"/> samples and drives episodes. Validated by <see cref="Validate"/>.</summary>
public sealed class RolloutOptions
{
    /// <summary>Samples (episodes) per problem, the K of pass@k and mean@K. Default 1.</summary>
    public int SamplesPerProblem { get; init; } = 1;

    /// <summary>Sampling temperature sent to the endpoint; <see langword="null"/> (default) leaves the endpoint's default.</summary>
    public float? Temperature { get; init; }

    /// <summary>Output token limit of one model call; <see langword="null"/> (default) leaves the endpoint's default.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The model id sent with every request; <see langword="null"/> uses the client's own.</summary>
    public string? ModelId { get; init; }

    /// <summary>A system message put before every episode's first observation; none by default.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>
    /// One deadline per episode covering reset, every model call and every step. Default 10 minutes. An episode that
    /// reaches it is an infrastructure error (<c>endpoint_timeout</c> when the model call was pending,
    /// <c>episode_timeout</c> otherwise): the environment's own limits (steps, time) end slow policies as Scored.
    /// </summary>
    public TimeSpan EpisodeTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Model calls in flight at once. Default 8.</summary>
    public int GenerationConcurrency { get; init; } = 8;

    /// <summary>Episode resets and steps (sandbox work, scoring) running at once. Default: the processor count.</summary>
    public int ScoringConcurrency { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// Model calls allowed per episode before it is truncated (<c>turn_limit</c>, Scored 0); a backstop for episodes
    /// without a step limit of their own. Default 64.
    /// </summary>
    public int MaxTurns { get; init; } = 64;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SamplesPerProblem, 1, nameof(SamplesPerProblem));
        ArgumentOutOfRangeException.ThrowIfLessThan(GenerationConcurrency, 1, nameof(GenerationConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(ScoringConcurrency, 1, nameof(ScoringConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTurns, 1, nameof(MaxTurns));
        if (EpisodeTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(EpisodeTimeout), EpisodeTimeout, "Must be positive.");
        }

        if (Temperature is { } t && (!float.IsFinite(t) || t < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), t, "Must be a finite number >= 0.");
        }

        if (MaxTokens is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, 1, nameof(MaxTokens));
        }
    }
}
