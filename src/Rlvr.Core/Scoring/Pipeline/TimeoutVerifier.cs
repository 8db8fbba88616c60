namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Gives an item one deadline, on the injected clock, covering everything inside it (sandbox acquisition, execution,
/// scoring and, when placed outside <see cref="RetryVerifier"/>, every retry). Past it the inner verifiers see their
/// token cancelled and the item ends as <see cref="Outcome.InfraError"/> <c>verifier_timeout</c>.
/// </summary>
public sealed class TimeoutVerifier : DelegatingVerifier
{
    private readonly TimeSpan timeout;
    private readonly TimeProvider timeProvider;

    /// <summary>Wraps <paramref name="innerVerifier"/> with a deadline.</summary>
    /// <param name="innerVerifier">The next verifier.</param>
    /// <param name="timeout">The deadline; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="timeProvider">The clock the deadline runs on; the system clock when <see langword="null"/>.</param>
    public TimeoutVerifier(IItemVerifier innerVerifier, TimeSpan timeout, TimeProvider? timeProvider = null)
        : base(innerVerifier)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Must be positive (or infinite).");
        }

        this.timeout = timeout;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return await InnerVerifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
        }

        if (timeProvider == TimeProvider.System)
        {
            // One source instead of two on the common path: the system clock is what CancelAfter uses.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            linked.CancelAfter(timeout);
            return await InnerVerifier.ScoreAsync(environment, request, linked.Token).ConfigureAwait(false);
        }

        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        return await InnerVerifier.ScoreAsync(environment, request, deadline.Token).ConfigureAwait(false);
    }
}
