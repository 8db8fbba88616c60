namespace Rlvr.Server;

/// <summary>
/// The queue could not admit a request before its hold ended; answered with <see cref="StatusCode"/> (the status
/// the calling protocol's client retries) and Retry-After, never with a verdict.
/// </summary>
/// <param name="statusCode">The protocol's busy status.</param>
/// <param name="message">Why, for the client.</param>
internal sealed class ServerBusyException(int statusCode, string message = "The scoring queue stayed full until this request's deadline; retry later.")
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
