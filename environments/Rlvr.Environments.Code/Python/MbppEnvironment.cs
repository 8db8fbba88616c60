using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Python;

/// <summary><c>code/mbpp</c>: the MBPP tasks (from <c>RLVR_MBPP_PATH</c> or the shared data folder).</summary>
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
    public override string Description => "MBPP (974 Python functions), asserts judged in a sandbox with extended tests.";

    /// <inheritdoc />
    protected override IEnumerable<PythonFunctionProblem> LoadProblems()
    {
        string? path = CodeDataPaths.Find("RLVR_MBPP_PATH", "mbpp.jsonl");
        return path is null ? [] : FunctionDatasets.ReadMbpp(path);
    }
}
