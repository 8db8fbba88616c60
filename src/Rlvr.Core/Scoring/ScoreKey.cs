namespace Rlvr.Core.Scoring;

/// <summary>The identity of a score: any change of environment version, problem or completion is a new key.</summary>
/// <param name="Environment">Environment name.</param>
/// <param name="Version">Environment version.</param>
/// <param name="ProblemKey">Problem id, or a hash of the problem's content.</param>
/// <param name="CompletionHash">SHA-256 of the completion (<see cref="Completion.ComputeHash"/>).</param>
public readonly record struct ScoreKey(string Environment, string Version, string ProblemKey, string CompletionHash);
