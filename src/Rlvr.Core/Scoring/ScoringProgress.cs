namespace Rlvr.Core.Scoring;

/// <summary>Reported after each item of a batch.</summary>
/// <param name="Completed">Items finished so far.</param>
/// <param name="Total">Items in the batch.</param>
/// <param name="Item">The item that just finished.</param>
public readonly record struct ScoringProgress(int Completed, int Total, ScoredItem Item);
