using Rlvr.Core;

namespace Rlvr.Environments.Code.Python;

/// <summary><c>code/python</c>: Python function tasks given inline (HumanEval or MBPP shape, see <see cref="PythonFunctionProblem"/>).</summary>
public class PythonFunctionEnvironment : Environment<PythonFunctionProblem>
{
    /// <summary>Creates the environment with default options.</summary>
    public PythonFunctionEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images, limits and reward style.</param>
    public PythonFunctionEnvironment(CodeOptions? options)
    {
        Options = options ?? CodeOptions.Default;
        Rubric = new PythonFunctionVerifier(Options);
    }

    /// <inheritdoc />
    public override string Name => "code/python";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "Python function tasks: asserts become test cases held by the SDK; the candidate runs in a sandbox, one fresh process per test.";

    /// <inheritdoc />
    public override IVerifier<PythonFunctionProblem> Rubric { get; }

    /// <summary>The options in use.</summary>
    protected CodeOptions Options { get; }

    /// <inheritdoc />
    public override string RenderPrompt(PythonFunctionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Prompt;
    }

    /// <inheritdoc />
    public override string? GetProblemId(PythonFunctionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Id;
    }
}
