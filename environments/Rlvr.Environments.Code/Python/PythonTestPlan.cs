namespace Rlvr.Environments.Code.Python;

/// <summary>
/// What the planner made of a task's tests: plain cases compared by the SDK, or (for check code that is not
/// plain equality) the candidate calls to record and replay through the check code.
/// </summary>
internal sealed record PythonTestPlan
{
    public string? Error { get; init; }

    public bool IsCheckMode { get; init; }

    public IReadOnlyList<PythonTestCase> Cases { get; init; } = [];

    public IReadOnlyList<string> CallsJson { get; init; } = [];

    public bool ReferencePassed { get; init; }

    public string? ReferenceError { get; init; }

    public IReadOnlyList<string> WrongTests { get; init; } = [];
}
