using Rlvr.Core;

namespace Rlvr.Environments.Code.Python;

/// <summary>
/// <c>code/python</c>: Python function tasks given inline (HumanEval or MBPP shape, or direct JSON cases, see
/// <see cref="PythonFunctionProblem"/>); adds the call-based (LeetCode) problems of LiveCodeBench when present.
/// </summary>
public class PythonFunctionEnvironment : Environment<PythonFunctionProblem>, Rlvr.Core.Data.Datasets.IDatasetEnvironment, IEnvironmentNotes
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

    /// <summary>
    /// How many of the bundled tasks have no extended test (<see cref="ExtendedTestCoverage"/>; each of their rewards
    /// carries the evidence <c>no_extended_tests</c>), or that extended tests are off.
    /// </summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            int total = ProblemIds.Count;
            if (total == 0)
            {
                return [];
            }

            if (Options.ExtendedTests <= 0)
            {
                return ["extended tests off: every task is judged by its published tests only"];
            }

            int without = ProblemIds.Count(ExtendedTestCoverage.TasksWithoutExtendedTests.Contains);
            return without == 0
                ? []
                : [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{without} of {total} tasks without extended tests (published tests only; evidence no_extended_tests)")];
        }
    }

    /// <inheritdoc />
    public override string RenderPrompt(PythonFunctionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Prompt;
    }

    /// <inheritdoc />
    public virtual IReadOnlyList<Rlvr.Core.Data.Datasets.DatasetSpec> Datasets => [Data.CodeDatasets.LiveCodeBench];

    /// <inheritdoc />
    protected override IEnumerable<PythonFunctionProblem> LoadProblems()
    {
        return Data.CodeDatasets.Load(Data.CodeDatasets.LiveCodeBench, Data.FunctionDatasets.ReadLiveCodeBenchCallBased);
    }

    /// <inheritdoc />
    public override string? GetProblemId(PythonFunctionProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Id;
    }
}
