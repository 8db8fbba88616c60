using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /verify</c>, a NeMo-Gym resources server: the body carries <c>responses_create_params</c>, the model's
/// <c>response</c> (OpenAI Responses API object) and the task's fields; the answer is the body plus <c>reward</c>
/// and <c>reward_components</c> (and <c>outcome</c>, <c>reason</c>). The problem is <c>problem</c>, or
/// <c>problem_id</c>, or else the task fields themselves.
/// </summary>
internal static class NemoGymEndpoint
{
    private static readonly HashSet<string> ProtocolFields = new(StringComparer.Ordinal)
    {
        "responses_create_params", "response", "env", "id", "problem", "problem_id",
    };

    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        string? envName = context.Request.Query["env"].FirstOrDefault() ?? ScoreEndpoint.OptionalString(root, "env", "$.env");
        var environment = state.Environment(envName, "$.env");
        if (!root.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$.response", "missing: the model's Responses API object is required");
        }

        string text = OutputText(response);
        using var sample = BuildSample(root, text);
        if (!SampleParser.TryParse(sample.RootElement, environment, out var request, out string? field, out string? message))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, field ?? "$", message ?? "invalid task");
        }

        var scored = (await state.ScoreAsync("/verify", [(environment, request)], context).ConfigureAwait(false))[0];
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("reward" or "reward_components" or "outcome" or "reason"))
                {
                    property.WriteTo(w);
                }
            }

            w.WriteNumber("reward", scored.Reward.Value);
            w.WriteStartObject("reward_components");
            foreach (var (name, value) in scored.Reward.Components.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(name, value);
            }

            w.WriteEndObject();
            w.WriteString("outcome", ScoredItemJson.OutcomeName(scored.Reward.Outcome));
            w.WriteString("reason", scored.Reward.Reason);
            w.WriteString("env_version", environment.Version);
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>The assistant text of a Responses API object: every <c>output_text</c> of its <c>message</c> outputs.</summary>
    internal static string OutputText(JsonElement response)
    {
        if (!response.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Array)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$.response.output", "missing: an array of output items is required");
        }

        var text = new StringBuilder();
        foreach (var item in output.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueEquals("message") is false
                || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object
                    && part.TryGetProperty("type", out var partType) && partType.ValueEquals("output_text")
                    && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                {
                    text.Append(partText.GetString());
                }
            }
        }

        return text.ToString();
    }

    private static JsonDocument BuildSample(JsonElement root, string completion)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                id.WriteTo(w);
            }
            else
            {
                w.WriteString("id", "verify");
            }

            if (root.TryGetProperty("problem", out var problem))
            {
                w.WritePropertyName("problem");
                problem.WriteTo(w);
            }
            else if (root.TryGetProperty("problem_id", out var problemId))
            {
                w.WritePropertyName("problem_id");
                problemId.WriteTo(w);
            }
            else
            {
                w.WriteStartObject("problem");
                foreach (var property in root.EnumerateObject())
                {
                    if (!ProtocolFields.Contains(property.Name))
                    {
                        property.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteString("completion", completion);
            w.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
