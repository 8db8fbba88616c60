using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>
/// The <c>math</c> environment: inline problems <c>{"question", "answer", "tolerance"?}</c>; reward 1 when the
/// completion's final answer is equivalent to the answer.
/// </summary>
public sealed class MathEnvironment : Environment<MathProblem>
{
    /// <summary>Creates the environment with default options.</summary>
    public MathEnvironment()
        : this(MathEquivalenceOptions.Default, 0.0)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Comparison options.</param>
    /// <param name="formatWeight">Weight of the format component (0 reports it without counting it).</param>
    public MathEnvironment(MathEquivalenceOptions options, double formatWeight)
    {
        Rubric = MathRubric.Create(new MathAnswerVerifier<MathProblem>(p => p.Answer, p => p.Tolerance, p => p.Question, options), formatWeight);
    }

    /// <inheritdoc />
    public override string Name => "math";

    /// <inheritdoc />
    public override string Version => "1.0.0";

    /// <inheritdoc />
    public override string Description => "Math problems with a single final answer, checked for equivalence (exact arithmetic, numeric identity testing).";

    /// <inheritdoc />
    public override IVerifier<MathProblem> Rubric { get; }

    /// <inheritdoc />
    public override string RenderPrompt(MathProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return MathPrompt.Render(problem.Question);
    }

    /// <inheritdoc />
    public override string? GetProblemId(MathProblem problem) => problem?.Id;
}
