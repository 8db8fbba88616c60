using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Environments.Math;

/// <summary>
/// <c>math/gsm8k</c>: GSM8K problems, read from the <c>gsm8k</c> dataset (<see cref="MathDatasets.Gsm8k"/>: pulled with
/// <c>rlvr data pull gsm8k</c>, or a local JSONL/Parquet copy found by <see cref="DataLocations"/>); empty when it is
/// absent. Ids are <c>gsm8k-&lt;row index&gt;</c>.
/// </summary>
public sealed class Gsm8kEnvironment : Environment<Gsm8kProblem>, IDatasetEnvironment
{
    private readonly string? dataPath;

    /// <summary>Creates the environment reading the dataset from where <see cref="DataLocations"/> finds it.</summary>
    public Gsm8kEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment reading problems from <paramref name="dataPath"/>.</summary>
    /// <param name="dataPath">A GSM8K JSONL or Parquet file; null for the dataset found by <see cref="DataLocations"/>.</param>
    /// <param name="options">Comparison options.</param>
    /// <param name="formatWeight">Weight of the format component.</param>
    public Gsm8kEnvironment(string? dataPath, MathEquivalenceOptions? options = null, double formatWeight = 0.0)
    {
        this.dataPath = dataPath;
        Rubric = MathRubric.Create(new MathAnswerVerifier<Gsm8kProblem>(p => p.GoldAnswer, null, p => p.Question, options), formatWeight);
    }

    /// <inheritdoc />
    public override string Name => "math/gsm8k";

    /// <inheritdoc />
    public override string Version => "1.0.0";

    /// <inheritdoc />
    public override string Description => "GSM8K grade-school math word problems (OpenAI, MIT licence).";

    /// <inheritdoc />
    public override IVerifier<Gsm8kProblem> Rubric { get; }

    /// <inheritdoc />
    public IReadOnlyList<DatasetSpec> Datasets { get; } = [MathDatasets.Gsm8k];

    /// <inheritdoc />
    public override string RenderPrompt(Gsm8kProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return MathPrompt.Render(problem.Question);
    }

    /// <inheritdoc />
    public override string? GetProblemId(Gsm8kProblem problem) => problem?.Id;

    /// <inheritdoc />
    protected override IEnumerable<Gsm8kProblem> LoadProblems()
    {
        IReadOnlyList<string>? paths = dataPath is null ? DataLocations.Find(MathDatasets.Gsm8k) : [dataPath];
        if (paths is null)
        {
            yield break;
        }
        int index = 0;
        foreach (var problem in MathDataFiles.Read<Gsm8kProblem>(paths))
        {
            yield return problem with { Id = problem.Id ?? "gsm8k-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            index++;
        }
    }
}
