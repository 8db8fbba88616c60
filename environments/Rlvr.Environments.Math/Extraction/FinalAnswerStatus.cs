namespace Rlvr.Environments.Math.Extraction;

/// <summary>What <see cref="FinalAnswerFinder"/> found.</summary>
internal enum FinalAnswerStatus
{
    None,
    Found,
    Conflict,
}
