namespace Rlvr.Server;

/// <summary>A request the server rejects: an HTTP status plus the JSON path of the offending field.</summary>
internal sealed class RequestException(int statusCode, string field, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Field { get; } = field;
}
