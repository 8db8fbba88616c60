using System.Globalization;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Episodes;

namespace Rlvr.Rollouts;

/// <summary>
/// The trajectory line format (docs/rollouts.md). A line is also a valid <c>rlvr eval --input</c> sample
/// (<c>id</c>, <c>problem</c> or <c>problem_id</c>, <c>completion</c> as chat messages), so a run re-scores offline.
/// </summary>
public static class TrajectoryJson
{
    /// <summary>Writes one trajectory as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="trajectory">The trajectory.</param>
    public static void Write(Utf8JsonWriter writer, Trajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trajectory);
        var t = trajectory;
        writer.WriteStartObject();
        writer.WriteString("id", t.Id);
        writer.WriteString("problem_key", t.ProblemKey);
        if (t.ProblemJson is { } problem)
        {
            writer.WritePropertyName("problem");
            problem.WriteTo(writer);
        }
        else
        {
            writer.WriteString("problem_id", t.ProblemKey);
        }

        writer.WriteNumber("sample", t.Sample);
        writer.WritePropertyName("prompt");
        WriteMessages(writer, t.Prompt);
        writer.WritePropertyName("completion");
        WriteMessages(writer, t.Messages);
        writer.WriteNumber("reward", t.Reward.Value);
        writer.WriteString("outcome", ScoredItemJson.OutcomeName(t.Reward.Outcome));
        writer.WriteString("reason", t.Reward.Reason);
        if (t.Reward.Detail is not null)
        {
            writer.WriteString("detail", t.Reward.Detail);
        }

        WriteParts(writer, t.Reward);
        writer.WriteString("end", EndName(t.End));
        writer.WriteNumber("turns", t.Turns);
        writer.WriteNumber("steps_taken", t.Steps.Count);
        if (t.SuccessStep is { } successStep)
        {
            writer.WriteNumber("success_step", successStep);
        }

        writer.WriteStartObject("usage");
        writer.WriteNumber("input_tokens", t.Usage.InputTokens);
        writer.WriteNumber("output_tokens", t.Usage.OutputTokens);
        writer.WriteEndObject();
        writer.WriteNumber("latency_ms", Math.Round(t.Latency.TotalMilliseconds, 3));
        writer.WriteNumber("generation_ms", Math.Round(t.GenerationTime.TotalMilliseconds, 3));
        writer.WriteStartArray("steps");
        foreach (var step in t.Steps)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", step.Index);
            writer.WriteStartObject("action");
            if (step.Action.ToolCall is { } call)
            {
                writer.WriteString("tool", call.Name);
                writer.WriteString("call_id", call.Id);
                writer.WriteString("arguments", call.ArgumentsJson);
            }
            else
            {
                writer.WriteString("text", step.Action.Text);
            }

            writer.WriteEndObject();
            writer.WriteString("observation", step.Observation);
            if (step.Reward is { } reward)
            {
                writer.WriteStartObject("reward");
                writer.WriteNumber("value", reward.Value);
                writer.WriteString("outcome", ScoredItemJson.OutcomeName(reward.Outcome));
                writer.WriteString("reason", reward.Reason);
                WriteParts(writer, reward);
                writer.WriteEndObject();
            }

            writer.WriteBoolean("terminated", step.Terminated);
            writer.WriteBoolean("truncated", step.Truncated);
            writer.WritePropertyName("info");
            JsonSerializer.Serialize(writer, step.Info, RlvrJson.Options);
            writer.WriteNumber("elapsed_ms", Math.Round(step.Elapsed.TotalMilliseconds, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a trajectory line written by <see cref="Write"/>.</summary>
    /// <param name="json">The object.</param>
    /// <exception cref="FormatException">The object is not a trajectory; the message names the field.</exception>
    public static Trajectory Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("$: a trajectory must be a JSON object");
        }

        string id = String(json, "id");
        string key = json.TryGetProperty("problem_key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : String(json, "problem_id");
        var steps = new List<TrajectoryStep>();
        if (json.TryGetProperty("steps", out var stepsJson) && stepsJson.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in stepsJson.EnumerateArray())
            {
                var action = s.GetProperty("action");
                var episodeAction = action.TryGetProperty("tool", out var tool)
                    ? EpisodeAction.Call(new ToolCall(OptionalString(action, "call_id") ?? string.Empty, tool.GetString() ?? string.Empty, OptionalString(action, "arguments") ?? "{}"))
                    : EpisodeAction.Message(OptionalString(action, "text") ?? string.Empty);
                var info = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (s.TryGetProperty("info", out var infoJson) && infoJson.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in infoJson.EnumerateObject())
                    {
                        info[p.Name] = p.Value.Clone();
                    }
                }

                steps.Add(new TrajectoryStep(
                    s.GetProperty("index").GetInt32(),
                    episodeAction,
                    OptionalString(s, "observation") ?? string.Empty,
                    s.TryGetProperty("reward", out var r) && r.ValueKind == JsonValueKind.Object ? ReadReward(r, "value") : null,
                    s.TryGetProperty("terminated", out var term) && term.ValueKind == JsonValueKind.True,
                    s.TryGetProperty("truncated", out var trunc) && trunc.ValueKind == JsonValueKind.True,
                    info,
                    TimeSpan.FromMilliseconds(s.TryGetProperty("elapsed_ms", out var e) ? e.GetDouble() : 0)));
            }
        }

        var usage = json.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object
            ? new TokenUsage(u.GetProperty("input_tokens").GetInt64(), u.GetProperty("output_tokens").GetInt64())
            : TokenUsage.None;
        return new Trajectory
        {
            Id = id,
            ProblemKey = key,
            Sample = json.TryGetProperty("sample", out var sample) && sample.ValueKind == JsonValueKind.Number ? sample.GetInt32() : 0,
            ProblemJson = json.TryGetProperty("problem", out var problem) ? problem.Clone() : null,
            Prompt = ReadMessages(json, "prompt"),
            Messages = ReadMessages(json, "completion"),
            Steps = steps,
            Reward = ReadReward(json, "reward"),
            End = ParseEnd(OptionalString(json, "end") ?? "error"),
            Turns = json.TryGetProperty("turns", out var turns) && turns.ValueKind == JsonValueKind.Number ? turns.GetInt32() : 0,
            Usage = usage,
            Latency = TimeSpan.FromMilliseconds(json.TryGetProperty("latency_ms", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : 0),
            GenerationTime = TimeSpan.FromMilliseconds(json.TryGetProperty("generation_ms", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetDouble() : 0),
        };
    }

    /// <summary>The wire name of an episode end: <c>terminated</c>, <c>truncated</c> or <c>error</c>.</summary>
    /// <param name="end">The end.</param>
    public static string EndName(EpisodeEnd end) => end switch
    {
        EpisodeEnd.Terminated => "terminated",
        EpisodeEnd.Truncated => "truncated",
        _ => "error",
    };

    private static EpisodeEnd ParseEnd(string name) => name switch
    {
        "terminated" => EpisodeEnd.Terminated,
        "truncated" => EpisodeEnd.Truncated,
        "error" => EpisodeEnd.Error,
        _ => throw new FormatException($"$.end: '{name}' is not terminated, truncated or error"),
    };

    private static void WriteParts(Utf8JsonWriter writer, Reward reward)
    {
        writer.WriteStartObject("components");
        foreach (var (name, value) in reward.Components.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(name, value);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("metrics");
        foreach (var (name, value) in reward.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(name, value);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("evidence");
        JsonSerializer.Serialize(writer, reward.Evidence.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal), RlvrJson.Options);
    }

    private static Reward ReadReward(JsonElement json, string valueName)
    {
        double value = json.TryGetProperty(valueName, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;
        string reason = OptionalString(json, "reason") ?? "unknown";
        string? detail = OptionalString(json, "detail");
        var reward = (OptionalString(json, "outcome") ?? "scored") switch
        {
            "scored" => value is >= 0 and <= 1 ? Reward.Scored(value, reason) : throw new FormatException($"$.{valueName}: {value.ToString(CultureInfo.InvariantCulture)} is not in [0, 1]"),
            "unscorable" => Reward.Unscorable(reason, detail),
            "infra_error" => Reward.InfraError(reason, detail),
            var other => throw new FormatException($"$.outcome: '{other}' is not scored, unscorable or infra_error"),
        };
        if (detail is not null && reward.IsScored)
        {
            reward = reward.WithDetail(detail);
        }

        if (json.TryGetProperty("components", out var components) && components.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in components.EnumerateObject())
            {
                reward = reward.WithComponent(p.Name, p.Value.GetDouble());
            }
        }

        if (json.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in metrics.EnumerateObject())
            {
                reward = reward.WithMetric(p.Name, p.Value.GetDouble());
            }
        }

        if (json.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in evidence.EnumerateObject())
            {
                reward = reward.WithEvidence(p.Name, p.Value.Clone());
            }
        }

        return reward;
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray();
        foreach (var m in messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", m.Role);
            if (m.Content is null)
            {
                writer.WriteNull("content");
            }
            else
            {
                writer.WriteString("content", m.Content);
            }

            if (m.ToolCalls is { Count: > 0 } calls)
            {
                writer.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", call.Id);
                    writer.WriteString("type", "function");
                    writer.WriteStartObject("function");
                    writer.WriteString("name", call.Name);
                    writer.WriteString("arguments", call.ArgumentsJson);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (m.ToolCallId is not null)
            {
                writer.WriteString("tool_call_id", m.ToolCallId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<ChatMessage> ReadMessages(JsonElement json, string name)
    {
        var list = new List<ChatMessage>();
        if (!json.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            return list;
        }

        foreach (var m in array.EnumerateArray())
        {
            List<ToolCall>? calls = null;
            if (m.TryGetProperty("tool_calls", out var callsJson) && callsJson.ValueKind == JsonValueKind.Array)
            {
                calls = [];
                foreach (var c in callsJson.EnumerateArray())
                {
                    var f = c.GetProperty("function");
                    calls.Add(new ToolCall(OptionalString(c, "id") ?? string.Empty, OptionalString(f, "name") ?? string.Empty, OptionalString(f, "arguments") ?? "{}"));
                }
            }

            list.Add(new ChatMessage(OptionalString(m, "role") ?? "user", OptionalString(m, "content"), calls, OptionalString(m, "tool_call_id")));
        }

        return list;
    }

    private static string String(JsonElement json, string name) =>
        OptionalString(json, name) ?? throw new FormatException($"$.{name}: missing or not a string");

    private static string? OptionalString(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
