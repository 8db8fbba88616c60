namespace Rlvr.Environments.Math.Extraction;

/// <summary>A final answer found in a text.</summary>
/// <param name="Status">Found, none or conflict.</param>
/// <param name="Text">The answer text when found (several answers joined with ", ").</param>
/// <param name="Source">Where it was found: boxed, gsm8k, anchor, math, whole, last_number.</param>
/// <param name="Count">How many separate answers were joined.</param>
internal readonly record struct FinalAnswer(FinalAnswerStatus Status, string Text, string Source, int Count)
{
    public static FinalAnswer None { get; } = new(FinalAnswerStatus.None, string.Empty, string.Empty, 0);

    /// <summary>The distinct candidates of a conflict, in order.</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public static FinalAnswer Conflict(string source, int count) => new(FinalAnswerStatus.Conflict, string.Empty, source, count);
}
