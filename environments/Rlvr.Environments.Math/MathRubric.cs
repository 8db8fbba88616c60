using Rlvr.Core;

namespace Rlvr.Environments.Math;

/// <summary>Builds the math rubric: the answer component (primary) and a separate format component.</summary>
public static class MathRubric
{
    /// <summary>Name of the answer component.</summary>
    public const string AnswerComponent = "answer";

    /// <summary>Name of the format component.</summary>
    public const string FormatComponent = "format";

    /// <summary>Creates the rubric.</summary>
    /// <typeparam name="TProblem">The problem type.</typeparam>
    /// <param name="answer">The answer verifier.</param>
    /// <param name="formatWeight">Weight of the format component (0 reports it without counting it).</param>
    /// <returns>The rubric.</returns>
    public static Rubric<TProblem> Create<TProblem>(MathAnswerVerifier<TProblem> answer, double formatWeight = 0.0) =>
        Rubric<TProblem>.CreateBuilder()
            .Add(AnswerComponent, answer)
            .Add(FormatComponent, new MathFormatVerifier<TProblem>(answer), formatWeight)
            .Build();
}
