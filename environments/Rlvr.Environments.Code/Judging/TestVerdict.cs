namespace Rlvr.Environments.Code.Judging;

/// <summary>The SDK's verdict on one test: passed only from an explicit comparison, everything else fails.</summary>
/// <param name="Id">Test id.</param>
/// <param name="Passed">Whether the SDK's comparison passed.</param>
/// <param name="Reason">A reason code when failed (<c>wrong_answer</c>, <c>time_limit</c>, <c>runtime_error</c>...); <c>correct</c> when passed.</param>
/// <param name="Detail">What was seen (status, actual value), for evidence.</param>
/// <param name="Extended">Whether the test is generated rather than published.</param>
public sealed record TestVerdict(string Id, bool Passed, string Reason, string? Detail = null, bool Extended = false)
{
    /// <summary>Runtime of the test in milliseconds, when known.</summary>
    public long? Milliseconds { get; init; }

    /// <summary>The published test source, when there is one.</summary>
    public string? Source { get; init; }
}
