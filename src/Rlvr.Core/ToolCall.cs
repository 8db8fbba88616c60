namespace Rlvr.Core;

/// <summary>A tool call made by the model.</summary>
/// <param name="Id">The call id, echoed by the tool's answer.</param>
/// <param name="Name">The tool name.</param>
/// <param name="ArgumentsJson">The arguments as a JSON object text, exactly as the model wrote them.</param>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);
