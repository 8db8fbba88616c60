using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Math;

/// <summary>
/// <c>math/math500</c>: the MATH-500 problems, read from the <c>math500</c> dataset (<see cref="MathDatasets.Math500"/>:
/// pulled with <c>rlvr data pull math500</c>, or a local copy found by <see cref="DataLocations"/>); empty when it is
/// absent. Ids are the dataset's <c>unique_id</c>.
/// </summary>
public sealed class Math500Environment : Environment<Math500Problem>, IDatasetEnvironment
{
    private readonly string? dataPath;

    /// <summary>Creates the environment reading the dataset from where <see cref="DataLocations"/> finds it.</summary>
    public Math500Environment()
        : this(null)
    {
    }

    /// <summary>Creates the environment reading problems from <paramref name="dataPath"/>.</summary>
    /// <param name="dataPath">A MATH-500 JSONL or Parquet file; null for the dataset found by <see cref="DataLocations"/>.</param>
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
    public IReadOnlyList<DatasetSpec> Datasets { get; } = [MathDatasets.Math500];

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
        IReadOnlyList<string>? paths = dataPath is null ? DataLocations.Find(MathDatasets.Math500) : [dataPath];
        return paths is null ? [] : MathDataFiles.Read<Math500Problem>(paths);
    }
}
