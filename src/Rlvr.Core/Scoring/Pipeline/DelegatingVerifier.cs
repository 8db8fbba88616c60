namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// An <see cref="IItemVerifier"/> that passes every call to an inner one; derive from it to add a policy around
/// scoring, as Microsoft.Extensions.AI's <c>DelegatingChatClient</c> does around a chat client.
/// </summary>
public abstract class DelegatingVerifier : IItemVerifier
{
    /// <summary>Wraps <paramref name="innerVerifier"/>.</summary>
    /// <param name="innerVerifier">The next verifier of the pipeline.</param>
    protected DelegatingVerifier(IItemVerifier innerVerifier)
    {
        ArgumentNullException.ThrowIfNull(innerVerifier);
        InnerVerifier = innerVerifier;
    }

    /// <summary>The next verifier of the pipeline.</summary>
    protected IItemVerifier InnerVerifier { get; }

    /// <inheritdoc />
    public virtual ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default) =>
        InnerVerifier.ScoreAsync(environment, request, cancellationToken);
}
