using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Chat;
using AI = Microsoft.Extensions.AI;

namespace Rlvr.Rollouts;

/// <summary>Chat clients for OpenAI-compatible Chat Completions endpoints (vLLM, SGLang, Ollama, OpenAI), through the official OpenAI library.</summary>
public static class OpenAIChatClients
{
    /// <summary>An <see cref="AI.IChatClient"/> for the endpoint at <paramref name="baseUrl"/> (e.g. <c>http://127.0.0.1:8000/v1</c>).</summary>
    /// <param name="baseUrl">The API base address; requests go to <c>{baseUrl}/chat/completions</c>.</param>
    /// <param name="model">The model name sent with each request.</param>
    /// <param name="apiKey">The API key; local servers usually accept any, so <see langword="null"/> sends a placeholder.</param>
    /// <param name="networkTimeout">Limit of one HTTP call; the episode deadline still applies above it.</param>
    /// <param name="maxRetries">Retries of a failed call (429, 5xx, network) by the library, with its backoff. 0 turns them off.</param>
    public static AI.IChatClient Create(Uri baseUrl, string model, string? apiKey = null, TimeSpan? networkTimeout = null, int maxRetries = 2)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries),
        };
        if (networkTimeout is { } timeout)
        {
            options.NetworkTimeout = timeout;
        }

        var chat = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "none" : apiKey), options);
        return AI.OpenAIClientExtensions.AsIChatClient(chat);
    }
}
