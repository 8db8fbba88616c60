using System.Diagnostics;

namespace Rlvr.Server;

/// <summary>
/// The deadline of one request: the server's <c>--request-timeout</c>, shortened to answer before the client's own
/// timeout. Admission may hold the request for its first part; the rest is kept for scoring.
/// </summary>
internal sealed class RequestDeadline : IDisposable
{
    private readonly CancellationTokenSource whole;
    private readonly CancellationTokenSource hold;
    private readonly long start = Stopwatch.GetTimestamp();

    public RequestDeadline(TimeSpan length, TimeSpan scoringReserve, CancellationToken aborted)
    {
        Length = length;
        whole = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        whole.CancelAfter(length);
        hold = CancellationTokenSource.CreateLinkedTokenSource(whole.Token);
        hold.CancelAfter(length - Min(scoringReserve, length / 2));
    }

    public TimeSpan Length { get; }

    /// <summary>Cancelled when the request's time is up (or the client went away).</summary>
    public CancellationToken Token => whole.Token;

    /// <summary>Cancelled when waiting for admission must stop, leaving the rest of the deadline to scoring.</summary>
    public CancellationToken Hold => hold.Token;

    public TimeSpan Remaining => Max(TimeSpan.Zero, Length - Stopwatch.GetElapsedTime(start));

    public void Dispose()
    {
        hold.Dispose();
        whole.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
