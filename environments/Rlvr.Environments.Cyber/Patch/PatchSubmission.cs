using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Cyber.Patch;

/// <summary>Finds the diff in a completion: the last fenced <c>diff</c> or <c>patch</c> block, else a bare diff.</summary>
public static class PatchSubmission
{
    /// <summary>The diff text, or <see langword="null"/> when the completion has none.</summary>
    /// <param name="text">The completion text.</param>
    public static string? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string body = AnswerExtractor.StripThinking(text);
        string? last = null;
        foreach (var block in AnswerExtractor.FindFencedBlocks(body))
        {
            if (block.Closed && (string.Equals(block.Language, "diff", StringComparison.OrdinalIgnoreCase) || string.Equals(block.Language, "patch", StringComparison.OrdinalIgnoreCase)))
            {
                last = block.Code;
            }
        }

        if (last is not null)
        {
            return last;
        }

        return body.StartsWith("--- ", StringComparison.Ordinal) || body.Contains("\n--- ", StringComparison.Ordinal) ? body : null;
    }
}
