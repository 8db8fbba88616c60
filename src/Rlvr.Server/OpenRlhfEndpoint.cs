using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /get_reward</c>, OpenRLHF's remote reward model protocol:
/// <c>{"query": [...], "prompts": [...], "labels": [...]}</c> -> <c>{"rewards", "scores", "extra_logs"}</c>.
/// A query is prompt + response, so the prompt prefix is stripped; a label is the problem. Items that are not
/// <c>scored</c> get reward 0 and a 0 in <c>extra_logs.scored</c>, the mask a trainer uses to drop them.
/// </summary>
internal static class OpenRlhfEndpoint
{
    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        var environment = state.Environment(context.Request.Query["env"].FirstOrDefault(), "?env");
        var queries = HttpJson.RequiredArray(root, "query", "$");
        var labels = HttpJson.RequiredArray(root, "labels", "$");
        JsonElement? prompts = root.TryGetProperty("prompts", out var p) && p.ValueKind != JsonValueKind.Null
            ? HttpJson.RequiredArray(root, "prompts", "$")
            : null;
        int count = queries.GetArrayLength();
        if (labels.GetArrayLength() != count)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$.labels", $"has {labels.GetArrayLength()} entries for {count} queries");
        }

        if (prompts is { } pa && pa.GetArrayLength() != count)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$.prompts", $"has {pa.GetArrayLength()} entries for {count} queries");
        }

        var items = new List<(IEnvironment, ScoringRequest)>(count);
        for (int i = 0; i < count; i++)
        {
            var query = queries[i];
            if (query.ValueKind != JsonValueKind.String)
            {
                throw new RequestException(StatusCodes.Status400BadRequest, $"$.query[{i}]", $"must be a string, not {query.ValueKind}");
            }

            string text = query.GetString() ?? string.Empty;
            string? promptText = null;
            if (prompts is { } pr)
            {
                var prompt = pr[i];
                if (prompt.ValueKind != JsonValueKind.String)
                {
                    throw new RequestException(StatusCodes.Status400BadRequest, $"$.prompts[{i}]", $"must be a string, not {prompt.ValueKind}");
                }

                // Detokenised queries sometimes differ from the prompt in whitespace; only an exact prefix is stripped.
                promptText = prompt.GetString() ?? string.Empty;
                if (text.StartsWith(promptText, StringComparison.Ordinal))
                {
                    text = text[promptText.Length..];
                }
            }

            var wrap = state.Options.LabelField is { } labelField ? new LabelWrap(labelField, state.Options.PromptField, promptText) : null;
            var (problem, problemId) = ParseLabel(labels[i], environment, wrap, $"$.labels[{i}]");
            items.Add((environment, new ScoringRequest(i.ToString(CultureInfo.InvariantCulture), problem, Completion.FromText(text), problemId)));
        }

        var scored = await state.ScoreAsync("/get_reward", items, context).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            WriteNumbers(w, "rewards", scored, s => s.Reward.Value);
            WriteNumbers(w, "scores", scored, s => s.Reward.Value);
            w.WriteStartObject("extra_logs");
            WriteNumbers(w, "scored", scored, s => s.Reward.Outcome == Outcome.Scored ? 1 : 0);
            WriteNumbers(w, "unscorable", scored, s => s.Reward.Outcome == Outcome.Unscorable ? 1 : 0);
            WriteNumbers(w, "infra_error", scored, s => s.Reward.Outcome == Outcome.InfraError ? 1 : 0);
            w.WriteEndObject();
            w.WriteStartArray("reasons");
            foreach (var s in scored)
            {
                w.WriteStringValue(s.Reward.Reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// A label is a problem object, a JSON string holding one, a problem id of the bundled dataset, or (with
    /// <paramref name="wrap"/>) the value of one problem field, plus optionally the prompt in another.
    /// </summary>
    internal static (object Problem, string? ProblemId) ParseLabel(JsonElement label, IEnvironment environment, LabelWrap? wrap, string path)
    {
        JsonElement problemJson;
        switch (label.ValueKind)
        {
            case JsonValueKind.Object:
                problemJson = label;
                break;
            case JsonValueKind.String:
                string text = label.GetString() ?? string.Empty;
                if (text.TrimStart().StartsWith('{'))
                {
                    try
                    {
                        using var parsed = JsonDocument.Parse(text);
                        problemJson = parsed.RootElement.Clone();
                    }
                    catch (JsonException ex)
                    {
                        throw new RequestException(StatusCodes.Status400BadRequest, path, "looks like a JSON problem but does not parse: " + ex.Message);
                    }
                }
                else if (environment.TryGetProblem(text, out var known))
                {
                    return (known, text);
                }
                else if (wrap is not null)
                {
                    var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [wrap.LabelField] = text };
                    if (wrap.PromptField is not null)
                    {
                        fields[wrap.PromptField] = wrap.Prompt
                            ?? throw new RequestException(StatusCodes.Status400BadRequest, "$.prompts", $"missing: the server puts each prompt in the problem field '{wrap.PromptField}'");
                    }

                    problemJson = JsonSerializer.SerializeToElement(fields);
                }
                else
                {
                    throw new RequestException(
                        StatusCodes.Status400BadRequest,
                        path,
                        $"is neither a problem object nor a problem id of '{environment.Name}'; start the server with --label-field NAME to use plain labels as that problem field");
                }

                break;
            default:
                throw new RequestException(StatusCodes.Status400BadRequest, path, $"must be a problem object or a string, not {label.ValueKind}");
        }

        try
        {
            return (environment.ParseProblem(problemJson), null);
        }
        catch (ProblemFormatException ex)
        {
            string sub = ex.Field is { Length: > 1 } f && f.StartsWith('$') ? f[1..] : string.Empty;
            throw new RequestException(StatusCodes.Status400BadRequest, path + sub, ex.InnerException?.Message ?? ex.Message);
        }
    }

    /// <summary>How a plain label becomes a problem: <c>{LabelField: label, PromptField: prompt}</c>.</summary>
    internal sealed record LabelWrap(string LabelField, string? PromptField, string? Prompt);

    private static void WriteNumbers(Utf8JsonWriter w, string name, ScoredItem[] scored, Func<ScoredItem, double> value)
    {
        w.WriteStartArray(name);
        foreach (var s in scored)
        {
            w.WriteNumberValue(value(s));
        }

        w.WriteEndArray();
    }
}
