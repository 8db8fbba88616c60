namespace Rlvr.Core;

/// <summary>One message of a chat completion or episode transcript.</summary>
/// <param name="Role">"system", "user", "assistant" or "tool".</param>
/// <param name="Content">The text content; <see langword="null"/> for a pure tool-call message.</param>
/// <param name="ToolCalls">Tool calls made by an assistant message.</param>
/// <param name="ToolCallId">For a "tool" message, the id of the call it answers.</param>
public sealed record ChatMessage(
    string Role,
    string? Content,
    IReadOnlyList<ToolCall>? ToolCalls = null,
    string? ToolCallId = null)
{
    /// <summary>The assistant role name.</summary>
    public const string AssistantRole = "assistant";

    /// <summary>An assistant message with text content.</summary>
    /// <param name="content">The text.</param>
    public static ChatMessage Assistant(string content) => new(AssistantRole, content);
}
