namespace Rlvr.Environments.Math;

/// <summary>The outcome of one math verification.</summary>
public enum MathVerdictStatus
{
    /// <summary>The answer is equivalent to the reference.</summary>
    Correct,

    /// <summary>An answer was found and it is not equivalent.</summary>
    Wrong,

    /// <summary>The completion has no final answer.</summary>
    NoAnswer,

    /// <summary>The completion gives several different final answers.</summary>
    ConflictingAnswers,

    /// <summary>The completion's answer could not be parsed.</summary>
    Unparseable,

    /// <summary>The reference answer could not be parsed.</summary>
    BadReference,

    /// <summary>The work budget ran out before a verdict.</summary>
    BudgetExceeded,
}
