namespace Rlvr.Core.Scoring;

/// <summary>How the <see cref="ScoringEngine"/> runs a batch. Validated when the engine is created.</summary>
public sealed record ScoringOptions
{
    /// <summary>Items scored at once. Default: the number of processors.</summary>
    public int MaxDegreeOfParallelism { get; init; } = System.Environment.ProcessorCount;

    /// <summary>
    /// The deadline of one item, covering sandbox acquisition, execution, scoring and retries. Default 180 s.
    /// An item past its deadline is an <see cref="Outcome.InfraError"/> with reason <c>verifier_timeout</c>. It is a
    /// backstop above the verifiers' own time budgets (the code environments' run budget is at most 60 s, plus
    /// planning and the check replay), never the verdict for a slow candidate.
    /// </summary>
    public TimeSpan ItemTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>Attempts per item; only <see cref="Outcome.InfraError"/> results are retried. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry, doubled for each later one. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Items admitted at once (queued or running) through <see cref="ScoringEngine.TryAdmit"/> and
    /// <see cref="ScoringEngine.AdmitAsync"/>; beyond it callers wait or are refused. Default: no limit (a batch run
    /// bounds itself by its parallelism).
    /// </summary>
    public int QueueCapacity { get; init; } = int.MaxValue;

    internal void Validate()
    {
        if (MaxDegreeOfParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Must be at least 1.");
        }

        if (ItemTimeout <= TimeSpan.Zero && ItemTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(ItemTimeout), ItemTimeout, "Must be positive (or infinite).");
        }

        if (QueueCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "Must be at least 1.");
        }

        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "Must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryDelay), RetryDelay, "Must not be negative.");
        }
    }
}
