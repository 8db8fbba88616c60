using Rlvr.Core;

namespace Rlvr.Environments.Code.Python;

/// <summary>A Python function task (HumanEval or MBPP shape): write <see cref="EntryPoint"/> so that the tests pass.</summary>
public sealed record PythonFunctionProblem
{
    /// <summary>Stable id, e.g. <c>HumanEval/0</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The task as shown to the model.</summary>
    public required string Prompt { get; init; }

    /// <summary>The function the tests call.</summary>
    public required string EntryPoint { get; init; }

    /// <summary>Code a completion continues or builds on (HumanEval's signature and docstring); empty when none.</summary>
    public string PromptCode { get; init; } = string.Empty;

    /// <summary>A complete reference program that defines <see cref="EntryPoint"/>.</summary>
    [Reference]
    public required string Reference { get; init; }

    /// <summary>The test code (asserts).</summary>
    [Reference]
    public required string Tests { get; init; }

    /// <summary>How <see cref="Tests"/> names the candidate.</summary>
    public PythonTestStyle TestStyle { get; init; } = PythonTestStyle.Check;

    /// <summary>Tests given directly as JSON values; when present, <see cref="Tests"/> and <see cref="Reference"/> are not used.</summary>
    [Reference]
    public IReadOnlyList<PythonFunctionCase>? Cases { get; init; }

    /// <summary>A class whose method <see cref="EntryPoint"/> is (LeetCode's <c>Solution</c>); a module-level function when <see langword="null"/>.</summary>
    public string? SolutionClass { get; init; }

    /// <summary>Code the tests need before they run (MBPP's <c>test_setup_code</c>); empty when none.</summary>
    [Reference]
    public string SetupCode { get; init; } = string.Empty;
}
