using System.Text.RegularExpressions;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Code.Python;

/// <summary>
/// Builds the candidate program from a completion: a fenced code block holding the whole function (what chat
/// models write), placed after the prompt code so its imports and helpers exist; or, HumanEval style, a body
/// that continues the prompt code.
/// </summary>
public static partial class PythonProgram
{
    /// <summary>The program to run, or <see langword="null"/> when the completion holds no code.</summary>
    /// <param name="promptCode">Code the completion continues; empty when none.</param>
    /// <param name="entryPoint">The function the tests call.</param>
    /// <param name="completionText">The completion.</param>
    public static string? Build(string promptCode, string entryPoint, string completionText)
    {
        ArgumentNullException.ThrowIfNull(promptCode);
        ArgumentNullException.ThrowIfNull(entryPoint);
        ArgumentNullException.ThrowIfNull(completionText);
        string text = AnswerExtractor.StripThinking(completionText);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var blocks = AnswerExtractor.FindFencedBlocks(text)
            .Where(b => b.Language.Length == 0 || b.Language.Equals("python", StringComparison.OrdinalIgnoreCase) || b.Language.Equals("py", StringComparison.OrdinalIgnoreCase) || b.Language.Equals("python3", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (blocks.Count > 0)
        {
            var defining = blocks.LastOrDefault(b => DefinesFunction(b.Code, entryPoint)) ?? blocks[^1];
            return (promptCode.Length == 0 ? defining.Code : promptCode.TrimEnd() + "\n\n\n" + defining.Code) + "\n";
        }

        return promptCode + text;
    }

    // The code comes from the completion: the match is time-bounded, and a block too pathological to scan in
    // a second is treated as not defining the function (the last block is then run, and fails on its own).
    private static bool DefinesFunction(string code, string name)
    {
        try
        {
            return DefRegex().Matches(code).Any(m => string.Equals(m.Groups[1].Value, name, StringComparison.Ordinal));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DefRegex();
}
