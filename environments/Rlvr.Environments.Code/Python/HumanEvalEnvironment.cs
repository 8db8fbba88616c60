using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Python;

/// <summary><c>code/humaneval</c>: the 164 HumanEval tasks of the <c>humaneval</c> dataset (<see cref="CodeDatasets.HumanEval"/>).</summary>
public sealed class HumanEvalEnvironment : PythonFunctionEnvironment
{
    /// <summary>Creates the environment with default options.</summary>
    public HumanEvalEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images, limits and reward style.</param>
    public HumanEvalEnvironment(CodeOptions? options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "code/humaneval";

    /// <inheritdoc />
    public override string Description => "HumanEval (164 Python functions), asserts judged in a sandbox with extended tests.";

    /// <inheritdoc />
    public override IReadOnlyList<Rlvr.Core.Data.Datasets.DatasetSpec> Datasets => [CodeDatasets.HumanEval];

    /// <inheritdoc />
    protected override IEnumerable<PythonFunctionProblem> LoadProblems()
    {
        return CodeDatasets.Load(CodeDatasets.HumanEval, FunctionDatasets.ReadHumanEval);
    }
}
