namespace Rlvr.Core.Episodes;

/// <summary>One model action: a text message or a tool call.</summary>
/// <param name="Text">The text, when the action is a message.</param>
/// <param name="ToolCall">The tool call, when the action is one.</param>
public sealed record EpisodeAction(string? Text, ToolCall? ToolCall = null)
{
    /// <summary>A text action.</summary>
    /// <param name="text">The text.</param>
    public static EpisodeAction Message(string text) => new(text);

    /// <summary>A tool-call action.</summary>
    /// <param name="call">The call.</param>
    public static EpisodeAction Call(ToolCall call) => new(null, call);
}
