using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Math;

/// <summary>
/// The format reward: 1 when the completion, outside its thinking, gives exactly one non-empty <c>\boxed{}</c>
/// answer (repeating the same box is fine); 0 with <c>format_error</c> otherwise.
/// </summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
public sealed class MathFormatVerifier<TProblem> : IVerifier<TProblem>
{
    /// <inheritdoc />
    public ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var boxed = AnswerExtractor.Boxed(AnswerExtractor.StripThinking(completion.Text));
        var reward = boxed.IsFound
            ? Reward.Correct("format_ok")
            : Reward.Wrong(Reasons.FormatError, boxed.Status == ExtractionStatus.Conflict ? "several different boxed answers" : "no \\boxed{} answer");
        return new ValueTask<Reward>(reward);
    }
}
