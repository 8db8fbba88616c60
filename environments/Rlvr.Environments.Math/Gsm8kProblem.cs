using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Math;

/// <summary>A GSM8K problem: <c>{"question", "answer"}</c>, the gold number after the last <c>####</c> of the answer.</summary>
public sealed record Gsm8kProblem
{
    /// <summary>The problem statement.</summary>
    public required string Question { get; init; }

    /// <summary>The reference solution ending in <c>#### N</c>.</summary>
    [Reference]
    public required string Answer { get; init; }

    /// <summary>Stable id (<c>gsm8k-&lt;line index&gt;</c> for the bundled file).</summary>
    public string? Id { get; init; }

    /// <summary>The gold answer: the text after the last <c>####</c>, or the whole answer when there is none.</summary>
    [Reference]
    [System.Text.Json.Serialization.JsonIgnore]
    public string GoldAnswer
    {
        get
        {
            int mark = Answer.LastIndexOf("####", StringComparison.Ordinal);
            return AnswerExtractor.StripThousandsSeparators((mark < 0 ? Answer : Answer[(mark + 4)..]).Trim());
        }
    }
}
