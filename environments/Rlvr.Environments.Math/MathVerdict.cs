namespace Rlvr.Environments.Math;

/// <summary>The verdict of <see cref="MathVerifier"/>.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Answer">The extracted final answer of the completion, when one was found.</param>
/// <param name="Detail">Why, for anything but <see cref="MathVerdictStatus.Correct"/>.</param>
public sealed record MathVerdict(MathVerdictStatus Status, string? Answer, string? Detail)
{
    /// <summary>Whether the answer is equivalent to the reference.</summary>
    public bool IsCorrect => Status == MathVerdictStatus.Correct;
}
