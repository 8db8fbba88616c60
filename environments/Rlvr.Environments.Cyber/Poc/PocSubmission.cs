using System.Globalization;
using Rlvr.Core.Extraction;

namespace Rlvr.Environments.Cyber.Poc;

/// <summary>A PoC as found in a completion: the last fenced block tagged <c>base64</c>, <c>hex</c> or <c>python</c>.</summary>
/// <param name="Format">The block's format.</param>
/// <param name="Body">The block's content.</param>
public sealed record PocSubmission(PocFormat Format, string Body)
{
    /// <summary>Finds the submission in a completion; <see langword="null"/> when there is none.</summary>
    /// <param name="text">The completion text.</param>
    public static PocSubmission? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        PocSubmission? last = null;
        foreach (var block in AnswerExtractor.FindFencedBlocks(AnswerExtractor.StripThinking(text)))
        {
            PocFormat? format = block.Language.ToLowerInvariant() switch
            {
                "base64" or "b64" => PocFormat.Base64,
                "hex" => PocFormat.Hex,
                "python" or "py" or "python3" => PocFormat.Python,
                _ => null,
            };
            if (format is PocFormat f && block.Closed)
            {
                last = new PocSubmission(f, block.Code);
            }
        }

        return last;
    }

    /// <summary>Decodes a base64 or hex body; <see langword="null"/> when malformed (or for Python).</summary>
    public byte[]? Decode()
    {
        string compact = string.Concat(Body.Where(c => !char.IsWhiteSpace(c)));
        try
        {
            return Format switch
            {
                PocFormat.Base64 => Convert.FromBase64String(compact),
                PocFormat.Hex when compact.Length % 2 == 0 => Convert.FromHexString(compact),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Format.ToString().ToLower(CultureInfo.InvariantCulture)} ({Body.Length} chars)";
}
