using Microsoft.Extensions.Logging;

namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>Logs each item's result at debug level (outcome, value, reason, attempts, cache), with the infrastructure error's detail.</summary>
public sealed class LoggingVerifier : DelegatingVerifier
{
    private readonly ILogger logger;

    /// <summary>Wraps <paramref name="innerVerifier"/> with logging.</summary>
    /// <param name="innerVerifier">The next verifier.</param>
    /// <param name="logger">The logger.</param>
    public LoggingVerifier(IItemVerifier innerVerifier, ILogger logger)
        : base(innerVerifier)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
    }

    /// <inheritdoc />
    public override async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        var item = await InnerVerifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug(
                "{Environment} item {Id}: {Outcome} {Value} {Reason} ({Attempts} attempt(s), from cache: {FromCache}) {Detail}",
                environment.Name,
                request.Id,
                item.Reward.Outcome,
                item.Reward.Value,
                item.Reward.Reason,
                item.Attempts,
                item.FromCache,
                item.Reward.Outcome == Outcome.InfraError ? item.Reward.Detail : null);
        }

        return item;
    }
}
