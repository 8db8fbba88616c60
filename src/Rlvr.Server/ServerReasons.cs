namespace Rlvr.Server;

/// <summary>Reason codes the server itself gives.</summary>
public static class ServerReasons
{
    /// <summary>The request's deadline passed before the item was scored (<c>infra_error</c>).</summary>
    public const string RequestTimeout = Rlvr.Core.Reasons.RequestTimeout;
}
