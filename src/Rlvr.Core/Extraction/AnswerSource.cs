namespace Rlvr.Core.Extraction;

/// <summary>Where an extractor found an answer, so a format reward can judge the same answer the correctness reward read.</summary>
public enum AnswerSource
{
    /// <summary>Nothing was found, or the extractor does not say.</summary>
    None = 0,

    /// <summary>A <c>\boxed{...}</c> or <c>\fbox{...}</c>.</summary>
    Boxed = 1,

    /// <summary>A <c>&lt;tag&gt;...&lt;/tag&gt;</c> block.</summary>
    Tagged = 2,

    /// <summary>A GSM8K <c>####</c> line.</summary>
    Gsm8k = 3,

    /// <summary>An answer sentence ("the final answer is ...", "答案是 ...").</summary>
    Anchor = 4,

    /// <summary>The last math span (<c>$...$</c>, <c>\(...\)</c>, <c>\[...\]</c>) and the spans joined to it by separators.</summary>
    MathSpan = 5,

    /// <summary>The whole (short, prose-free) text.</summary>
    Whole = 6,

    /// <summary>The last number of the text.</summary>
    LastNumber = 7,

    /// <summary>A fenced code block.</summary>
    FencedCode = 8,
}
