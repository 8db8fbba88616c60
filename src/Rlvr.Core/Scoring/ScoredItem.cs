namespace Rlvr.Core.Scoring;

/// <summary>The result of scoring one request.</summary>
/// <param name="Id">The request's id.</param>
/// <param name="Reward">The reward.</param>
/// <param name="Elapsed">Wall time from start to result, retries included.</param>
/// <param name="Attempts">Verifier attempts made (0 for a cache hit).</param>
/// <param name="FromCache">Whether the reward came from the score cache.</param>
public sealed record ScoredItem(string Id, Reward Reward, TimeSpan Elapsed, int Attempts, bool FromCache);
