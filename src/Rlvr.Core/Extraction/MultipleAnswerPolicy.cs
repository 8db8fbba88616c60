namespace Rlvr.Core.Extraction;

/// <summary>What to do when a completion gives several distinct final answers of the same kind.</summary>
public enum MultipleAnswerPolicy
{
    /// <summary>Report <see cref="ExtractionStatus.Conflict"/> (default): listing candidates must not pay.</summary>
    RejectDistinct = 0,

    /// <summary>Take the last one (for formats where a model legitimately revises its answer).</summary>
    TakeLast = 1,
}
