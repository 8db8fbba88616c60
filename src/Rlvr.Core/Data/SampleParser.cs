using System.Text.Json;
using Rlvr.Core.Scoring;

namespace Rlvr.Core.Data;

/// <summary>
/// Turns one sample object — <c>{"id", "problem": {...}, "completion"}</c> or <c>{"id", "problem_id", "completion"}</c> —
/// into a <see cref="ScoringRequest"/> for an environment. Shared by <c>rlvr eval</c> and the reward server, so both
/// accept exactly the same shapes and name the same fields in errors.
/// </summary>
public static class SampleParser
{
    /// <summary>Parses a sample.</summary>
    /// <param name="sample">The sample object.</param>
    /// <param name="environment">The environment whose problem format applies.</param>
    /// <param name="request">The request, when parsing succeeds.</param>
    /// <param name="field">The JSON path of the offending field on failure (e.g. <c>$.problem.answer</c>).</param>
    /// <param name="message">What is wrong, on failure.</param>
    /// <returns>Whether the sample is valid.</returns>
    public static bool TryParse(
        JsonElement sample,
        IEnvironment environment,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ScoringRequest? request,
        out string? field,
        out string? message)
    {
        ArgumentNullException.ThrowIfNull(environment);
        request = null;
        field = null;
        message = null;
        if (sample.ValueKind != JsonValueKind.Object)
        {
            (field, message) = ("$", $"expected a JSON object, found {sample.ValueKind}");
            return false;
        }

        if (!TryGetId(sample, out string? id, out message))
        {
            field = "$.id";
            return false;
        }

        if (!TryGetCompletion(sample, out var completion, out field, out message))
        {
            return false;
        }

        object? problem;
        string? problemId = null;
        if (sample.TryGetProperty("problem", out var problemJson) && problemJson.ValueKind != JsonValueKind.Null)
        {
            try
            {
                problem = environment.ParseProblem(problemJson);
            }
            catch (ProblemFormatException ex)
            {
                field = "$.problem" + (ex.Field is { Length: > 1 } f && f.StartsWith('$') ? f[1..] : string.Empty);
                message = ex.InnerException?.Message ?? ex.Message;
                return false;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An environment's own parsing (a constructor that validates, a converter) failing on this value is
                // still a bad problem, not a reason to lose the rest of the batch.
                (field, message) = ("$.problem", $"not a valid problem for environment '{environment.Name}': {ex.Message}");
                return false;
            }
        }
        else if (sample.TryGetProperty("problem_id", out var idJson))
        {
            if (idJson.ValueKind != JsonValueKind.String || idJson.GetString() is not { Length: > 0 } pid)
            {
                (field, message) = ("$.problem_id", "must be a non-empty string");
                return false;
            }

            if (!environment.TryGetProblem(pid, out problem))
            {
                (field, message) = ("$.problem_id", $"no problem '{pid}' in the bundled dataset of environment '{environment.Name}' ({environment.ProblemIds.Count} problems)");
                return false;
            }

            problemId = pid;
        }
        else
        {
            (field, message) = ("$.problem", "missing: give either \"problem\" (an object) or \"problem_id\"");
            return false;
        }

        request = new ScoringRequest(id, problem, completion, problemId);
        return true;
    }

    private static bool TryGetId(JsonElement sample, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? id, out string? message)
    {
        id = null;
        message = null;
        if (!sample.TryGetProperty("id", out var idJson))
        {
            message = "missing";
            return false;
        }

        switch (idJson.ValueKind)
        {
            case JsonValueKind.String when idJson.GetString() is { Length: > 0 } s:
                id = s;
                return true;
            case JsonValueKind.Number:
                id = idJson.GetRawText();
                return true;
            default:
                message = "must be a non-empty string or a number";
                return false;
        }
    }

    private static bool TryGetCompletion(JsonElement sample, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Completion? completion, out string? field, out string? message)
    {
        completion = null;
        field = "$.completion";
        message = null;
        if (!sample.TryGetProperty("completion", out var json))
        {
            message = "missing";
            return false;
        }

        if (json.ValueKind == JsonValueKind.String)
        {
            completion = Completion.FromText(json.GetString() ?? string.Empty);
            return true;
        }

        if (json.ValueKind == JsonValueKind.Array)
        {
            var messages = new List<ChatMessage>();
            int i = 0;
            foreach (var item in json.EnumerateArray())
            {
                if (!TryGetMessage(item, $"$.completion[{i}]", out var chatMessage, out field, out message))
                {
                    return false;
                }

                messages.Add(chatMessage);
                i++;
            }

            completion = Completion.FromMessages(messages);
            return true;
        }

        message = $"must be a string or an array of chat messages, not {json.ValueKind}";
        return false;
    }

    /// <summary>One OpenAI-style chat message; every member has its type checked, so a bad value names its path.</summary>
    private static bool TryGetMessage(JsonElement item, string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ChatMessage? chatMessage, out string? field, out string? message)
    {
        chatMessage = null;
        (field, message) = (null, null);
        if (item.ValueKind != JsonValueKind.Object)
        {
            (field, message) = (path, $"each message must be an object, not {item.ValueKind}");
            return false;
        }

        if (!item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
        {
            (field, message) = (path + ".role", "each message needs a string \"role\"");
            return false;
        }

        if (!TryGetContent(item, path + ".content", out string? content, out field, out message)
            || !TryGetOptionalString(item, "tool_call_id", path, out string? toolCallId, out field, out message))
        {
            return false;
        }

        List<ToolCall>? calls = null;
        if (item.TryGetProperty("tool_calls", out var callsJson) && callsJson.ValueKind != JsonValueKind.Null)
        {
            if (callsJson.ValueKind != JsonValueKind.Array)
            {
                (field, message) = (path + ".tool_calls", $"must be an array, not {callsJson.ValueKind}");
                return false;
            }

            calls = [];
            int j = 0;
            foreach (var call in callsJson.EnumerateArray())
            {
                if (!TryGetToolCall(call, $"{path}.tool_calls[{j}]", out var toolCall, out field, out message))
                {
                    return false;
                }

                calls.Add(toolCall);
                j++;
            }
        }

        chatMessage = new ChatMessage(role.GetString() ?? string.Empty, content, calls, toolCallId);
        return true;
    }

    /// <summary>
    /// A tool call, either OpenAI's <c>{"id", "type", "function": {"name", "arguments"}}</c> or the flat
    /// <c>{"id", "name", "arguments"}</c>; <c>arguments</c> is a JSON text or an object.
    /// </summary>
    private static bool TryGetToolCall(JsonElement call, string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ToolCall? toolCall, out string? field, out string? message)
    {
        toolCall = null;
        if (call.ValueKind != JsonValueKind.Object)
        {
            (field, message) = (path, $"each tool call must be an object, not {call.ValueKind}");
            return false;
        }

        var function = call;
        string functionPath = path;
        if (call.TryGetProperty("function", out var f))
        {
            if (f.ValueKind != JsonValueKind.Object)
            {
                (field, message) = (path + ".function", $"must be an object, not {f.ValueKind}");
                return false;
            }

            (function, functionPath) = (f, path + ".function");
        }

        if (!TryGetOptionalString(call, "id", path, out string? id, out field, out message)
            || !TryGetOptionalString(function, "name", functionPath, out string? name, out field, out message))
        {
            return false;
        }

        string arguments = "{}";
        if (function.TryGetProperty("arguments", out var a))
        {
            switch (a.ValueKind)
            {
                case JsonValueKind.String:
                    arguments = a.GetString() ?? "{}";
                    break;
                case JsonValueKind.Object:
                    arguments = a.GetRawText();
                    break;
                case JsonValueKind.Null:
                    break;
                default:
                    (field, message) = (functionPath + ".arguments", $"must be a JSON text or an object, not {a.ValueKind}");
                    return false;
            }
        }

        toolCall = new ToolCall(id ?? string.Empty, name ?? string.Empty, arguments);
        return true;
    }

    /// <summary>
    /// Message content: a string, null (a pure tool-call message), or OpenAI content parts whose <c>text</c> parts are
    /// joined; other part types (images, audio) carry no text and are skipped.
    /// </summary>
    private static bool TryGetContent(JsonElement item, string path, out string? content, out string? field, out string? message)
    {
        (content, field, message) = (null, null, null);
        if (!item.TryGetProperty("content", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (c.ValueKind == JsonValueKind.String)
        {
            content = c.GetString();
            return true;
        }

        if (c.ValueKind != JsonValueKind.Array)
        {
            (field, message) = (path, $"must be a string, null or an array of content parts, not {c.ValueKind}");
            return false;
        }

        var text = new System.Text.StringBuilder();
        int k = 0;
        foreach (var part in c.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object)
            {
                (field, message) = ($"{path}[{k}]", $"each content part must be an object, not {part.ValueKind}");
                return false;
            }

            if (part.TryGetProperty("text", out var t))
            {
                if (t.ValueKind != JsonValueKind.String)
                {
                    (field, message) = ($"{path}[{k}].text", $"must be a string, not {t.ValueKind}");
                    return false;
                }

                text.Append(t.GetString());
            }

            k++;
        }

        content = text.ToString();
        return true;
    }

    /// <summary>A member that is absent, null or a string; anything else is an error naming <c>path.name</c>.</summary>
    private static bool TryGetOptionalString(JsonElement parent, string name, string path, out string? value, out string? field, out string? message)
    {
        (value, field, message) = (null, null, null);
        if (!parent.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (json.ValueKind != JsonValueKind.String)
        {
            (field, message) = (path + "." + name, $"must be a string, not {json.ValueKind}");
            return false;
        }

        value = json.GetString();
        return true;
    }
}
