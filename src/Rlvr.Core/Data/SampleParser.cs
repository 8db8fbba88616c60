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
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
                {
                    (field, message) = ($"$.completion[{i}].role", "each message needs a string \"role\"");
                    return false;
                }

                string? content = item.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                List<ToolCall>? calls = null;
                if (item.TryGetProperty("tool_calls", out var callsJson) && callsJson.ValueKind == JsonValueKind.Array)
                {
                    calls = [];
                    foreach (var call in callsJson.EnumerateArray())
                    {
                        var function = call.TryGetProperty("function", out var f) ? f : call;
                        calls.Add(new ToolCall(
                            call.TryGetProperty("id", out var cid) ? cid.GetString() ?? string.Empty : string.Empty,
                            function.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty,
                            function.TryGetProperty("arguments", out var a) ? (a.ValueKind == JsonValueKind.String ? a.GetString() ?? "{}" : a.GetRawText()) : "{}"));
                    }
                }

                string? toolCallId = item.TryGetProperty("tool_call_id", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                messages.Add(new ChatMessage(role.GetString() ?? string.Empty, content, calls, toolCallId));
                i++;
            }

            completion = Completion.FromMessages(messages);
            return true;
        }

        message = $"must be a string or an array of chat messages, not {json.ValueKind}";
        return false;
    }
}
