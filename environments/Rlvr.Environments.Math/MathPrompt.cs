namespace Rlvr.Environments.Math;

/// <summary>The prompt shared by the math environments.</summary>
public static class MathPrompt
{
    /// <summary>The instruction placed before the question.</summary>
    public const string Instruction = "Solve the following math problem. Reason step by step, then put only your final answer inside \\boxed{}.";

    /// <summary>Renders a prompt for a question.</summary>
    /// <param name="question">The question.</param>
    /// <returns>The prompt.</returns>
    public static string Render(string question) => Instruction + "\n\n" + question;
}
