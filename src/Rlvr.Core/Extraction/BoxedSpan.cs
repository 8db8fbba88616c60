namespace Rlvr.Core.Extraction;

/// <summary>One <c>\boxed{...}</c> (or <c>\fbox{...}</c>) found in a text.</summary>
/// <param name="Value">The content, trimmed (nested braces kept).</param>
/// <param name="Start">Index of the backslash that opens the command.</param>
/// <param name="End">Index just after the box (after its closing brace or token).</param>
public readonly record struct BoxedSpan(string Value, int Start, int End);
