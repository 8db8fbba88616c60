namespace Rlvr.Environments.Code.Python;

/// <summary>
/// The bundled HumanEval and MBPP tasks for which the planner keeps no generated (extended) test with the default
/// options: every mutation of their published inputs broke the reference, repeated a published input or had the
/// nearest published answer as its expected value. A table of such a task's published asserts passes it, so every
/// reward of these tasks carries the evidence <c>no_extended_tests</c>, and <c>rlvr list</c> counts them.
/// This list is what the planner produces: <c>HumanEvalCanonicalTests</c> and <c>MbppReferenceTests</c> plan every
/// bundled task and assert that exactly these are flagged (docs/code.md).
/// </summary>
public static class ExtendedTestCoverage
{
    /// <summary>Task ids (<c>HumanEval/N</c>, <c>mbpp/N</c>) that have no extended test with the default options.</summary>
    public static IReadOnlySet<string> TasksWithoutExtendedTests { get; } = new HashSet<string>(
    [
        "HumanEval/95",
        "mbpp/56", "mbpp/113", "mbpp/184", "mbpp/192", "mbpp/210", "mbpp/301", "mbpp/349", "mbpp/365", "mbpp/367",
        "mbpp/543", "mbpp/582", "mbpp/816", "mbpp/833", "mbpp/899", "mbpp/913", "mbpp/927",
    ], StringComparer.Ordinal);
}
