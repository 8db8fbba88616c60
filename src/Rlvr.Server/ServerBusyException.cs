namespace Rlvr.Server;

/// <summary>
/// The queue could not admit a request before its hold ended; answered with <see cref="StatusCode"/> (the status
/// the calling protocol's client retries) and Retry-After, never with a verdict.
/// </summary>
internal sealed class ServerBusyException(int statusCode)
    : Exception("The scoring queue stayed full until this request's deadline; retry later.")
{
    public int StatusCode { get; } = statusCode;
}
