using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /verify</c>, a NeMo-Gym resources server (<c>nemo_gym/base_resources_server.py</c>): the body carries
/// <c>responses_create_params</c>, the model's <c>response</c> (OpenAI Responses API object) and the task's fields;
/// the answer is the body plus <c>reward</c> (a float) and <c>reward_components</c> (and <c>outcome</c>, <c>reason</c>,
/// <c>scored</c>). The problem is <c>problem</c>, or <c>problem_id</c>, or else the task fields themselves, with NeMo's
/// names mapped: <c>expected_answer</c> is the <c>answer</c>, and the question defaults to the last user message of
/// <c>responses_create_params.input</c>. NeMo-Gym has no skip: an item that is not scored is answered like
/// OpenRLHF's (<see cref="OpenRlhfEndpoint.RewardsAsync"/>): the mean of its task's scored rollouts, else 0.0.
/// </summary>
internal static class NemoGymEndpoint
{
    private static readonly HashSet<string> ProtocolFields = new(StringComparer.Ordinal)
    {
        "responses_create_params", "response", "env", "id", "problem", "problem_id", "expected_answer",
    };

    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        if (await Episodes.NemoGymEpisodeEndpoints.TryVerifyAsync(context, state, root).ConfigureAwait(false))
        {
            return;
        }

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

        using var deadline = state.StartDeadline(Protocol.NemoGym, context);
        var scored = (await state.ScoreAsync(Protocol.NemoGym, [(environment, request)], deadline).ConfigureAwait(false))[0];
        string group = OpenRlhfEndpoint.GroupKey(environment.Name, GroupText(root), string.Empty);
        double reward = (await OpenRlhfEndpoint.RewardsAsync(state, Protocol.NemoGym.Endpoint, [scored], [group], deadline).ConfigureAwait(false)).Rewards[0];
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("reward" or "reward_components" or "outcome" or "reason" or "scored" or "env_version"))
                {
                    property.WriteTo(w);
                }
            }

            ScoredItemJson.WriteFloat(w, "reward", reward);
            w.WriteStartObject("reward_components");
            foreach (var (name, value) in scored.Reward.Components.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ScoredItemJson.WriteFloat(w, name, value);
            }

            w.WriteEndObject();
            ScoredItemJson.WriteFloat(w, "scored", scored.Reward.Outcome == Outcome.Scored ? 1 : 0);
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
                || !item.TryGetProperty("type", out var type) || !(type.ValueKind == JsonValueKind.String && type.ValueEquals("message"))
                || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object
                    && part.TryGetProperty("type", out var partType) && partType.ValueKind == JsonValueKind.String && partType.ValueEquals("output_text")
                    && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                {
                    text.Append(partText.GetString());
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The rollouts of one task share everything but the response.</summary>
    private static string GroupText(JsonElement root)
    {
        var text = new StringBuilder();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("response" or "_ng_rollout_index" or "_ng_rollout_id"))
            {
                text.Append(property.Name).Append('=').Append(property.Value.GetRawText()).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The text of the last user message of <c>responses_create_params.input</c> (a string or a list of messages).</summary>
    private static string? LastUserText(JsonElement root)
    {
        if (!root.TryGetProperty("responses_create_params", out var create) || create.ValueKind != JsonValueKind.Object
            || !create.TryGetProperty("input", out var input))
        {
            return null;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return input.GetString();
        }

        if (input.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        string? last = null;
        foreach (var message in input.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || !(role.ValueKind == JsonValueKind.String && role.ValueEquals("user"))
                || !message.TryGetProperty("content", out var content))
            {
                continue;
            }

            if (content.ValueKind == JsonValueKind.String)
            {
                last = content.GetString();
            }
            else if (content.ValueKind == JsonValueKind.Array)
            {
                var parts = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        parts.Append(partText.GetString());
                    }
                }

                last = parts.ToString();
            }
        }

        return last;
    }

    private static JsonDocument BuildSample(JsonElement root, string completion)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (root.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                w.WritePropertyName("id");
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

                // NeMo-Gym's math tasks (resources_servers/math_with_judge) name the reference expected_answer.
                if (!root.TryGetProperty("answer", out _) && root.TryGetProperty("expected_answer", out var expected))
                {
                    w.WritePropertyName("answer");
                    if (expected.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    {
                        w.WriteStringValue(expected.GetRawText());
                    }
                    else
                    {
                        expected.WriteTo(w);
                    }
                }

                if (!root.TryGetProperty("question", out _))
                {
                    w.WriteString("question", LastUserText(root) ?? string.Empty);
                }

                w.WriteEndObject();
            }

            w.WriteString("completion", completion);
            w.WriteEndObject();
        }

        // The request was at most 64 deep; wrapped in the sample it is one level deeper.
        return JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 128 });
    }
}
