namespace Rlvr.Core.Scoring;

/// <summary>One completion to score.</summary>
/// <param name="Id">The sample id; seeds the verifier's randomness and names the result.</param>
/// <param name="Problem">A problem of the environment (parsed, or looked up in its dataset).</param>
/// <param name="Completion">The model's output.</param>
/// <param name="ProblemId">The problem's id for cache keys and pass@k grouping; derived from the problem when <see langword="null"/>.</param>
public sealed record ScoringRequest(string Id, object Problem, Completion Completion, string? ProblemId = null);
