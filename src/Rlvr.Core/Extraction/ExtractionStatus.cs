namespace Rlvr.Core.Extraction;

/// <summary>What an extractor found.</summary>
public enum ExtractionStatus
{
    /// <summary>No final answer: never fall back to the whole completion.</summary>
    None = 0,

    /// <summary>One final answer (possibly restated identically several times).</summary>
    Found = 1,

    /// <summary>Several distinct final answers: the completion hedges, and it must not match.</summary>
    Conflict = 2,
}
