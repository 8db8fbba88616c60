namespace Rlvr.Core.Extraction;

/// <summary>A fenced code block of a Markdown completion.</summary>
/// <param name="Language">The info string's first word, lower-cased; empty when none.</param>
/// <param name="Code">The block's content, without the fences.</param>
/// <param name="Closed">Whether a closing fence was found (an unclosed block runs to the end).</param>
public sealed record FencedBlock(string Language, string Code, bool Closed);
