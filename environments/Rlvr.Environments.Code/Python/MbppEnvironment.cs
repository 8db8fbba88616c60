using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Python;

/// <summary><c>code/mbpp</c>: the MBPP tasks of the <c>mbpp</c> dataset (<see cref="CodeDatasets.Mbpp"/>).</summary>
public sealed class MbppEnvironment : PythonFunctionEnvironment
{
    /// <summary>Creates the environment with default options.</summary>
    public MbppEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images, limits and reward style.</param>
    public MbppEnvironment(CodeOptions? options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "code/mbpp";

    /// <inheritdoc />
    public override string Description => "MBPP Python functions (974 from a local mbpp.jsonl, 500 from the Hub test split), asserts judged in a sandbox with extended tests.";

    /// <inheritdoc />
    public override IReadOnlyList<Rlvr.Core.Data.Datasets.DatasetSpec> Datasets => [CodeDatasets.Mbpp];

    /// <inheritdoc />
    protected override IEnumerable<PythonFunctionProblem> LoadProblems()
    {
        return CodeDatasets.Load(CodeDatasets.Mbpp, FunctionDatasets.ReadMbpp);
    }
}
