using Microsoft.AspNetCore.Http;

namespace Rlvr.Server;

/// <summary>
/// What the server must know about a protocol's stock client: the status it retries when the server is busy, and
/// how long it waits for an answer (the server answers before that, so the client never times out and resends).
/// </summary>
/// <param name="Endpoint">The route, for logs and metrics.</param>
/// <param name="BusyStatus">The status answered when the queue stays full until the hold ends.</param>
/// <param name="ClientTimeout">The client's own timeout, when it has a fixed one.</param>
internal sealed record Protocol(string Endpoint, int BusyStatus, TimeSpan? ClientTimeout)
{
    /// <summary>The native protocol: our shims retry 429 after Retry-After.</summary>
    public static readonly Protocol Native = new("/v1/score", StatusCodes.Status429TooManyRequests, null);

    /// <summary>
    /// OpenRLHF: <c>_post_request</c> (v0.11 <c>openrlhf/utils/agent.py</c>) and <c>request_api_wrapper</c> (v0.7-0.8)
    /// retry any failure five times, 1 s apart, with a 180 s client timeout.
    /// </summary>
    public static readonly Protocol OpenRlhf = new("/get_reward", StatusCodes.Status503ServiceUnavailable, TimeSpan.FromSeconds(180));

    /// <summary>NeMo-Gym resources server <c>/verify</c>.</summary>
    public static readonly Protocol NemoGym = new("/verify", StatusCodes.Status503ServiceUnavailable, null);

    /// <summary>The margin kept between the server's deadline and the client's timeout.</summary>
    public static readonly TimeSpan ClientMargin = TimeSpan.FromSeconds(10);
}
