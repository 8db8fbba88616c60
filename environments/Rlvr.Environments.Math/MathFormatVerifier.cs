using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Math;

/// <summary>
/// The format reward: 1 when the final answer the answer component reads came from <c>\boxed{}</c> (one box, the same
/// box repeated, equivalent boxes, or boxes joined only by separators into one multi-part answer); 0 with
/// <c>format_error</c> otherwise. It judges the answer component's own extraction
/// (<see cref="FinalAnswerExtractor"/>), so the two components always talk about the same answer.
/// </summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
public sealed class MathFormatVerifier<TProblem> : IVerifier<TProblem>
{
    private readonly MathAnswerVerifier<TProblem> answer;

    /// <summary>Creates the format verifier over the answer verifier whose extraction it judges.</summary>
    /// <param name="answer">The answer component.</param>
    public MathFormatVerifier(MathAnswerVerifier<TProblem> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        this.answer = answer;
    }

    /// <inheritdoc />
    public ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(completion);
        ExtractedAnswer found;
        try
        {
            found = answer.FinalAnswer(problem, completion.Text);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new ValueTask<Reward>(Reward.Wrong(Reasons.FormatError, "no readable final answer"));
        }
        var reward = (found.Status, found.Source) switch
        {
            (ExtractionStatus.Found, AnswerSource.Boxed) => Reward.Correct("format_ok"),
            (ExtractionStatus.Conflict, AnswerSource.Boxed) => Reward.Wrong(Reasons.FormatError, "several different boxed answers"),
            (ExtractionStatus.Conflict, _) => Reward.Wrong(Reasons.FormatError, "several different answers and no \\boxed{} answer"),
            (ExtractionStatus.Found, _) => Reward.Wrong(Reasons.FormatError, "the final answer is not in \\boxed{}"),
            _ => Reward.Wrong(Reasons.FormatError, "no \\boxed{} answer"),
        };
        return new ValueTask<Reward>(reward);
    }
}
