using Rlvr.Core;
using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Agent;

/// <summary>
/// A <c>code/agent</c> task: write the Python function <see cref="EntryPoint"/>. The public tests are shown to the
/// model and runnable through the <c>run_tests</c> tool; the reward is the public and the hidden tests together.
/// </summary>
public sealed record CodeAgentProblem
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>The task as shown to the model.</summary>
    public required string Prompt { get; init; }

    /// <summary>The function the tests call.</summary>
    public required string EntryPoint { get; init; }

    /// <summary>Tests shown to the model (arguments and expected value as JSON).</summary>
    public required IReadOnlyList<PythonFunctionCase> PublicTests { get; init; }

    /// <summary>Tests the model never sees; with the public ones they decide the reward.</summary>
    [Reference]
    public required IReadOnlyList<PythonFunctionCase> HiddenTests { get; init; }

    /// <summary>The public tests as a <c>code/python</c> problem (what <c>run_tests</c> runs).</summary>
    internal PythonFunctionProblem PublicProblem() => Judged(PublicTests);

    /// <summary>Every test as a <c>code/python</c> problem (what decides the reward).</summary>
    internal PythonFunctionProblem FullProblem() => Judged([.. PublicTests, .. HiddenTests]);

    private PythonFunctionProblem Judged(IReadOnlyList<PythonFunctionCase> cases) => new()
    {
        Id = Id,
        Prompt = Prompt,
        EntryPoint = EntryPoint,
        Reference = string.Empty,
        Tests = string.Empty,
        Cases = cases,
    };
}
