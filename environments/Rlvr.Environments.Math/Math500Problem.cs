using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>A MATH-500 problem: <c>{"problem", "solution", "answer", "subject", "level", "unique_id"}</c>.</summary>
public sealed record Math500Problem
{
    /// <summary>The problem statement.</summary>
    public required string Problem { get; init; }

    /// <summary>The reference solution.</summary>
    [Reference]
    public string? Solution { get; init; }

    /// <summary>The LaTeX gold answer.</summary>
    [Reference]
    public required string Answer { get; init; }

    /// <summary>The subject, e.g. Algebra.</summary>
    public string? Subject { get; init; }

    /// <summary>Difficulty level 1-5.</summary>
    public int? Level { get; init; }

    /// <summary>The dataset id, e.g. <c>test/algebra/1.json</c>.</summary>
    public required string UniqueId { get; init; }
}
