using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Scores again an item whose attempt ended as <see cref="Outcome.InfraError"/>, up to a number of attempts, waiting a
/// delay doubled each time on the injected clock. Every attempt goes through the inner verifiers afresh (the innermost
/// creates a new <see cref="ScoringContext"/>, so each attempt sees the same seeded random stream). It stops early when
/// its token is cancelled (the deadline), answering the last attempt's result.
/// </summary>
public sealed class RetryVerifier : DelegatingVerifier
{
    private readonly int maxAttempts;
    private readonly TimeSpan delay;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;

    /// <summary>Wraps <paramref name="innerVerifier"/> with retries.</summary>
    /// <param name="innerVerifier">The next verifier.</param>
    /// <param name="maxAttempts">Attempts in all, at least 1.</param>
    /// <param name="delay">Delay before the first retry, doubled for each later one.</param>
    /// <param name="timeProvider">The clock the delays run on; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Told about each retry (debug level); none when <see langword="null"/>.</param>
    public RetryVerifier(IItemVerifier innerVerifier, int maxAttempts, TimeSpan delay, TimeProvider? timeProvider = null, ILogger? logger = null)
        : base(innerVerifier)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        this.maxAttempts = maxAttempts;
        this.delay = delay;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public override async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        int attempt = 0;
        ScoredItem item;
        while (true)
        {
            attempt++;
            item = await InnerVerifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
            if (item.Reward.Outcome != Outcome.InfraError || attempt >= maxAttempts || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            logger.LogDebug("Item {Id}: attempt {Attempt} failed ({Reason}); retrying.", request.Id, attempt, item.Reward.Reason);
            try
            {
                await Task.Delay(delay * (1 << Math.Min(attempt - 1, 20)), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return item.Attempts == attempt ? item : item with { Attempts = attempt };
    }
}
