using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>An inline math problem: <c>{"question", "answer", "tolerance"?}</c>.</summary>
public sealed record MathProblem
{
    /// <summary>The problem statement shown to the model.</summary>
    public required string Question { get; init; }

    /// <summary>The reference answer (plain text or LaTeX).</summary>
    [Reference]
    public required string Answer { get; init; }

    /// <summary>Relative tolerance for numeric answers, when the problem declares one.</summary>
    [Reference]
    public double? Tolerance { get; init; }

    /// <summary>An optional stable id.</summary>
    public string? Id { get; init; }
}
