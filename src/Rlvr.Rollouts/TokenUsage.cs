namespace Rlvr.Rollouts;

/// <summary>Tokens reported by the endpoint, summed over an episode's model calls.</summary>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
public sealed record TokenUsage(long InputTokens, long OutputTokens)
{
    /// <summary>No tokens.</summary>
    public static TokenUsage None { get; } = new(0, 0);

    /// <summary>The sum of two usages.</summary>
    /// <param name="other">The other usage.</param>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new TokenUsage(InputTokens + other.InputTokens, OutputTokens + other.OutputTokens);
    }
}
