using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>
/// <c>math/gsm8k</c>: GSM8K problems. The bundled dataset is read from the file named by <c>RLVR_MATH_GSM8K</c>,
/// else from <c>shared/benchmarks/math/gsm8k_test.jsonl</c> above the application when present; ids are
/// <c>gsm8k-&lt;line index&gt;</c>.
/// </summary>
public sealed class Gsm8kEnvironment : Environment<Gsm8kProblem>
{
    /// <summary>The environment variable naming the dataset file.</summary>
    public const string DataVariable = "RLVR_MATH_GSM8K";

    private readonly string? dataPath;

    /// <summary>Creates the environment with the default dataset location.</summary>
    public Gsm8kEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment reading problems from <paramref name="dataPath"/>.</summary>
    /// <param name="dataPath">A GSM8K JSONL file; null for the default location.</param>
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
        string? path = dataPath ?? MathDataFiles.Locate(DataVariable, "gsm8k_test.jsonl");
        if (path is null)
        {
            yield break;
        }
        int index = 0;
        foreach (var problem in MathDataFiles.Read<Gsm8kProblem>(path))
        {
            yield return problem with { Id = problem.Id ?? "gsm8k-" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            index++;
        }
    }
}
