using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Rlvr.Core;

/// <summary>
/// The model's output only, never the prompt: plain text, or the chat messages the model produced
/// (including tool calls).
/// </summary>
public sealed class Completion
{
    private static readonly IReadOnlyList<ChatMessage> NoMessages = [];

    private Completion(string text, IReadOnlyList<ChatMessage> messages)
    {
        Text = text;
        Messages = messages;
    }

    /// <summary>
    /// The text to judge: the completion text, or for chat completions the content of the last assistant
    /// message (empty when it has none).
    /// </summary>
    public string Text { get; }

    /// <summary>The model's messages, oldest first; empty for a plain text completion.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>A plain text completion.</summary>
    /// <param name="text">The model's output.</param>
    public static Completion FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Completion(text, NoMessages);
    }

    /// <summary>A chat completion made of the model's messages.</summary>
    /// <param name="messages">The messages the model produced.</param>
    public static Completion FromMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToArray();
        var last = Array.FindLast(list, m => string.Equals(m.Role, ChatMessage.AssistantRole, StringComparison.Ordinal));
        return new Completion(last?.Content ?? string.Empty, list);
    }

    /// <summary>A plain text completion.</summary>
    /// <param name="text">The model's output.</param>
    public static implicit operator Completion(string text) => FromText(text);

    /// <summary>A stable SHA-256 hex digest of the completion (text and messages), used in score cache keys.</summary>
    public string ComputeHash()
    {
        byte[] bytes = Messages.Count == 0
            ? Encoding.UTF8.GetBytes(Text)
            : JsonSerializer.SerializeToUtf8Bytes(Messages);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
