using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Episodes;

namespace Rlvr.Server.Episodes;

/// <summary>
/// The JSON of episodes over the wire, shared by every episode protocol: the reset parameters (which environment and
/// bundled problem), the action (<c>{"tool", "arguments"}</c> or <c>{"message"}</c>), the observation and the state.
/// Nothing written here comes from a <see cref="ReferenceAttribute"/> member: observations are what the episode
/// shows the model, state is counters and names.
/// </summary>
internal static class EpisodeJson
{
    /// <summary>The environment and bundled problem a reset asks for: <c>env</c>, then <c>problem_id</c> or <c>seed</c> (index into the bundled problems), else the first.</summary>
    public static (IEnvironment Environment, string ProblemId, object Problem) ChooseProblem(ServerState state, JsonElement data, string at, string? envFromQuery)
    {
        string? envName = envFromQuery;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("env", out var e))
        {
            envName = e.ValueKind == JsonValueKind.String ? e.GetString() : throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".env", "must be a string");
        }

        var environment = state.Environment(envName, at + ".env");
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("problem", out _))
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".problem", "episodes over the wire run bundled problems only: give problem_id (or seed)");
        }

        var ids = environment.ProblemIds;
        if (ids.Count == 0)
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".env", $"environment '{environment.Name}' bundles no problems to run episodes on");
        }

        string problemId;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("problem_id", out var p))
        {
            problemId = p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".problem_id", "must be a string");
        }
        else if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("seed", out var seed) && seed.ValueKind != JsonValueKind.Null)
        {
            problemId = seed.ValueKind == JsonValueKind.Number && seed.TryGetInt64(out long n) && n >= 0
                ? ids[(int)(n % ids.Count)]
                : throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".seed", "must be an integer >= 0");
        }
        else
        {
            problemId = ids[0];
        }

        return environment.TryGetProblem(problemId, out var problem)
            ? (environment, problemId, problem)
            : throw new RequestException(StatusCodes.Status404NotFound, at + ".problem_id", $"no problem '{problemId}' in environment '{environment.Name}' ({ids.Count} problems)");
    }

    /// <summary>The episode id a client chose (<c>episode_id</c>), or <see langword="null"/>.</summary>
    public static string? EpisodeId(JsonElement data, string at)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("episode_id", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 255 } s
            ? s
            : throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".episode_id", "must be a string of 1 to 255 characters");
    }

    /// <summary>Parses an action: <c>{"tool": name, "arguments": object or JSON text, "id"?}</c> or <c>{"message": text}</c>.</summary>
    public static EpisodeAction Action(JsonElement action, string at, int step)
    {
        if (action.ValueKind != JsonValueKind.Object)
        {
            throw new RequestException(StatusCodes.Status422UnprocessableEntity, at, $"the action must be an object, not {action.ValueKind}");
        }

        if (action.TryGetProperty("tool", out var tool))
        {
            if (tool.ValueKind != JsonValueKind.String || tool.GetString() is not { Length: > 0 } name)
            {
                throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".tool", "must be a non-empty string");
            }

            string arguments = action.TryGetProperty("arguments", out var a)
                ? a.ValueKind switch
                {
                    JsonValueKind.String => a.GetString()!,
                    JsonValueKind.Object => a.GetRawText(),
                    _ => throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".arguments", "must be an object or a JSON text"),
                }
                : "{}";
            string id = action.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "call_" + step.ToString(CultureInfo.InvariantCulture);
            return EpisodeAction.Call(new ToolCall(id, name, arguments));
        }

        if (action.TryGetProperty("message", out var message))
        {
            return message.ValueKind == JsonValueKind.String
                ? EpisodeAction.Message(message.GetString()!)
                : throw new RequestException(StatusCodes.Status422UnprocessableEntity, at + ".message", "must be a string");
        }

        throw new RequestException(StatusCodes.Status422UnprocessableEntity, at, "give {\"tool\": name, \"arguments\": {...}} or {\"message\": text}");
    }

    /// <summary>
    /// Writes OpenEnv's step/reset result: <c>{"observation": {...}, "reward": number|null, "done": bool}</c>. The reward
    /// is null unless the step was Scored (an infrastructure error must not train); its outcome and reason are in the
    /// observation.
    /// </summary>
    public static void WriteResult(Utf8JsonWriter w, EpisodeSession session, Observation observation, StepResult? step)
    {
        w.WriteStartObject();
        w.WriteStartObject("observation");
        WriteObservationFields(w, session, observation, step);
        w.WriteEndObject();
        if (step?.Reward is { IsScored: true } reward)
        {
            w.WriteNumber("reward", reward.Value);
        }
        else
        {
            w.WriteNull("reward");
        }

        w.WriteBoolean("done", step?.Done ?? false);
        w.WriteEndObject();
    }

    /// <summary>The observation's fields: text, tool call id, episode facts, tools (after a reset), the step's reward and evidence.</summary>
    public static void WriteObservationFields(Utf8JsonWriter w, EpisodeSession session, Observation observation, StepResult? step)
    {
        w.WriteString("text", observation.Text);
        if (observation.ToolCallId is not null)
        {
            w.WriteString("tool_call_id", observation.ToolCallId);
        }

        w.WriteString("episode_id", session.Id);
        w.WriteString("env", session.Environment.Name);
        w.WriteString("problem_id", session.ProblemId);
        w.WriteNumber("step_count", session.StepCount);
        if (step is null)
        {
            WriteTools(w, session.Episode.Tools);
            return;
        }

        w.WriteBoolean("terminated", step.Terminated);
        w.WriteBoolean("truncated", step.Truncated);
        if (step.Reward is { } reward)
        {
            w.WriteString("outcome", ScoredItemJson.OutcomeName(reward.Outcome));
            w.WriteString("reason", reward.Reason);
        }

        w.WritePropertyName("info");
        JsonSerializer.Serialize(w, step.Info, RlvrJson.Options);
    }

    /// <summary>The tools as OpenAI function tools: <c>[{"type": "function", "function": {name, description, parameters}}]</c>.</summary>
    public static void WriteTools(Utf8JsonWriter w, IReadOnlyList<ToolDefinition> tools)
    {
        w.WriteStartArray("tools");
        foreach (var tool in tools)
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", tool.Name);
            w.WriteString("description", tool.Description);
            w.WritePropertyName("parameters");
            tool.Parameters.WriteTo(w);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>OpenEnv's state: <c>episode_id</c>, <c>step_count</c> and facts about the episode (never its secrets).</summary>
    public static void WriteState(Utf8JsonWriter w, EpisodeSession session)
    {
        w.WriteStartObject();
        w.WriteString("episode_id", session.Id);
        w.WriteNumber("step_count", session.StepCount);
        w.WriteString("env", session.Environment.Name);
        w.WriteString("env_version", session.Environment.Version);
        w.WriteString("problem_id", session.ProblemId);
        w.WriteBoolean("started", session.Started);
        w.WriteBoolean("done", session.Done);
        w.WriteBoolean("terminated", session.Last?.Terminated ?? false);
        w.WriteBoolean("truncated", session.Last?.Truncated ?? false);
        if (session.FinalReward is { } reward)
        {
            w.WriteStartObject("reward");
            w.WriteNumber("value", reward.Value);
            w.WriteString("outcome", ScoredItemJson.OutcomeName(reward.Outcome));
            w.WriteString("reason", reward.Reason);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
