using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Python;

/// <summary>One test held by the SDK: inputs (sent to the sandbox) and the expectation (never sent).</summary>
/// <param name="Source">The published assert, or what a generated test was derived from.</param>
/// <param name="ArgsJson">The tagged argument list (or argument sources), as sent to the runner.</param>
/// <param name="Kind"><c>eq</c>, <c>is</c>, <c>truthy</c>, <c>falsy</c> or <c>close</c>.</param>
/// <param name="Expected">The expected value for <c>eq</c>, <c>is</c> and <c>close</c>.</param>
internal sealed record PythonTestCase(string Source, string ArgsJson, string Kind, PyValue? Expected)
{
    public double? RelTol { get; init; }

    public double? AbsTol { get; init; }

    public bool Strict { get; init; }

    public bool Extended { get; init; }

    public bool ReferenceOk { get; init; } = true;

    /// <summary>Whether <see cref="ArgsJson"/> is a list of Python expressions (arguments that are not builtin values).</summary>
    public bool ArgsAreSource { get; init; }

    /// <summary>Time the reference took on this test in the planner, in milliseconds.</summary>
    public long ReferenceMilliseconds { get; init; }
}
