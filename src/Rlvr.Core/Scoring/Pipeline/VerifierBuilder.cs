namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// Builds a scoring pipeline around an inner <see cref="IItemVerifier"/>. The first policy added is the outermost, as
/// with Microsoft.Extensions.AI's <c>ChatClientBuilder</c>: <c>.UseCache(c).UseTimeout(t).UseRetry(3, d)</c> looks the
/// cache up first, then starts one deadline that covers every retry.
/// </summary>
public sealed class VerifierBuilder
{
    private readonly IItemVerifier inner;
    private readonly List<Func<IItemVerifier, IItemVerifier>> factories = [];

    /// <summary>Starts a pipeline around <paramref name="innerVerifier"/> (usually an <see cref="EnvironmentVerifier"/>).</summary>
    /// <param name="innerVerifier">The innermost verifier.</param>
    public VerifierBuilder(IItemVerifier innerVerifier)
    {
        ArgumentNullException.ThrowIfNull(innerVerifier);
        inner = innerVerifier;
    }

    /// <summary>Adds a policy; it wraps every policy added after it.</summary>
    /// <param name="factory">Wraps the next verifier of the pipeline.</param>
    /// <returns>This builder.</returns>
    public VerifierBuilder Use(Func<IItemVerifier, IItemVerifier> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        factories.Add(factory);
        return this;
    }

    /// <summary>Builds the pipeline: the returned verifier is the first policy added.</summary>
    /// <returns>The outermost verifier.</returns>
    /// <exception cref="InvalidOperationException">A factory returned <see langword="null"/>.</exception>
    public IItemVerifier Build()
    {
        var verifier = inner;

        // Applied in reverse so the first one added ends up outermost.
        for (int i = factories.Count - 1; i >= 0; i--)
        {
            verifier = factories[i](verifier)
                ?? throw new InvalidOperationException($"The {nameof(VerifierBuilder)} entry at index {i} returned null.");
        }

        return verifier;
    }
}
