namespace Rlvr.Environments.Code.Python;

/// <summary>How a function task's test code names the candidate.</summary>
public enum PythonTestStyle
{
    /// <summary>HumanEval: the test code defines <c>check(candidate)</c>.</summary>
    Check,

    /// <summary>MBPP: module-level asserts call the entry point by name.</summary>
    Module,
}
