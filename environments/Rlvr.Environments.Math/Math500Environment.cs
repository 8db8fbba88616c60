using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>
/// <c>math/math500</c>: the MATH-500 problems. The bundled dataset is read from the file named by
/// <c>RLVR_MATH_MATH500</c>, else from <c>shared/benchmarks/math/math500_test.jsonl</c> above the application when
/// present; ids are the dataset's <c>unique_id</c>.
/// </summary>
public sealed class Math500Environment : Environment<Math500Problem>
{
    /// <summary>The environment variable naming the dataset file.</summary>
    public const string DataVariable = "RLVR_MATH_MATH500";

    private readonly string? dataPath;

    /// <summary>Creates the environment with the default dataset location.</summary>
    public Math500Environment()
        : this(null)
    {
    }

    /// <summary>Creates the environment reading problems from <paramref name="dataPath"/>.</summary>
    /// <param name="dataPath">A MATH-500 JSONL file; null for the default location.</param>
    /// <param name="options">Comparison options.</param>
    /// <param name="formatWeight">Weight of the format component.</param>
    public Math500Environment(string? dataPath, MathEquivalenceOptions? options = null, double formatWeight = 0.0)
    {
        this.dataPath = dataPath;
        Rubric = MathRubric.Create(new MathAnswerVerifier<Math500Problem>(p => p.Answer, null, p => p.Problem, options), formatWeight);
    }

    /// <inheritdoc />
    public override string Name => "math/math500";

    /// <inheritdoc />
    public override string Version => "1.0.0";

    /// <inheritdoc />
    public override string Description => "MATH-500 competition problems (PRM800K split of MATH; MIT licence).";

    /// <inheritdoc />
    public override IVerifier<Math500Problem> Rubric { get; }

    /// <inheritdoc />
    public override string RenderPrompt(Math500Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return MathPrompt.Render(problem.Problem);
    }

    /// <inheritdoc />
    public override string? GetProblemId(Math500Problem problem) => problem?.UniqueId;

    /// <inheritdoc />
    protected override IEnumerable<Math500Problem> LoadProblems()
    {
        string? path = dataPath ?? MathDataFiles.Locate(DataVariable, "math500_test.jsonl");
        return path is null ? [] : MathDataFiles.Read<Math500Problem>(path);
    }
}
