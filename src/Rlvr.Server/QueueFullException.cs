namespace Rlvr.Server;

/// <summary>The server cannot admit a request now; answered with 429 and Retry-After.</summary>
/// <param name="message">Why, for the client.</param>
/// <param name="retryAfter">When to retry; the server's default when <see langword="null"/>.</param>
internal sealed class QueueFullException(string message = "The scoring queue is full; retry later.", TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
