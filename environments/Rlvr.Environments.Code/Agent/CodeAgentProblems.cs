using System.Text.Json;
using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Agent;

/// <summary>The bundled <c>code/agent</c> tasks, written for this project (small, so an episode runs in seconds).</summary>
internal static class CodeAgentProblems
{
    public static IReadOnlyList<CodeAgentProblem> Bundled { get; } =
    [
        Task(
            "agent-sum-digits",
            "Return the sum of the decimal digits of a non-negative integer n.",
            "sum_digits",
            [("[123]", "6"), ("[0]", "0")],
            [("[9999]", "36"), ("[1000000]", "1"), ("[808]", "16")]),
        Task(
            "agent-run-length",
            "Run-length encode a string: each maximal run of one character becomes the character followed by the run's length, e.g. \"aaab\" -> \"a3b1\".",
            "encode",
            [("[\"aaabcc\"]", "\"a3b1c2\""), ("[\"\"]", "\"\"")],
            [("[\"z\"]", "\"z1\""), ("[\"aabbaa\"]", "\"a2b2a2\""), ("[\"xxxxxxxxxxxx\"]", "\"x12\"")]),
        Task(
            "agent-second-largest",
            "Return the second largest distinct value of a list of integers, or None when there is none.",
            "second_largest",
            [("[[3, 1, 2]]", "2"), ("[[5, 5]]", "null")],
            [("[[1, 2, 2, 3, 3]]", "2"), ("[[-1, -2]]", "-2"), ("[[7]]", "null")]),
    ];

    private static CodeAgentProblem Task(string id, string prompt, string entryPoint, (string Args, string Expected)[] shown, (string Args, string Expected)[] hidden) => new()
    {
        Id = id,
        Prompt = prompt,
        EntryPoint = entryPoint,
        PublicTests = [.. shown.Select(Case)],
        HiddenTests = [.. hidden.Select(Case)],
    };

    private static PythonFunctionCase Case((string Args, string Expected) test)
    {
        using var args = JsonDocument.Parse(test.Args);
        using var expected = JsonDocument.Parse(test.Expected);
        return new PythonFunctionCase([.. args.RootElement.EnumerateArray().Select(a => a.Clone())], expected.RootElement.Clone());
    }
}
