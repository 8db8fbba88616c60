namespace Rlvr.Core.Episodes;

/// <summary>What the model sees after a reset or a step.</summary>
/// <param name="Text">The observation text (a prompt, a tool's output, a message).</param>
/// <param name="ToolCallId">When the observation answers a tool call, that call's id.</param>
public sealed record Observation(string Text, string? ToolCallId = null);
