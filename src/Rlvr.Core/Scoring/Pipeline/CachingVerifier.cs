namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Answers an item from a score cache when the same environment version already scored the same problem and
/// completion (<see cref="ScoringEngine.KeyFor"/>), and stores every result that is not an infrastructure error.
/// </summary>
public sealed class CachingVerifier : DelegatingVerifier
{
    private readonly IScoreCache cache;

    /// <summary>Wraps <paramref name="innerVerifier"/> with <paramref name="cache"/>.</summary>
    /// <param name="innerVerifier">The next verifier.</param>
    /// <param name="cache">The cache.</param>
    public CachingVerifier(IItemVerifier innerVerifier, IScoreCache cache)
        : base(innerVerifier)
    {
        ArgumentNullException.ThrowIfNull(cache);
        this.cache = cache;
    }

    /// <inheritdoc />
    public override async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        var key = ScoringEngine.KeyFor(environment, request);
        if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return new ScoredItem(request.Id, cached, TimeSpan.Zero, Attempts: 0, FromCache: true);
        }

        var item = await InnerVerifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
        if (item.Reward.Outcome != Outcome.InfraError && !cancellationToken.IsCancellationRequested)
        {
            await cache.SetAsync(key, item.Reward, cancellationToken).ConfigureAwait(false);
        }

        return item;
    }
}
