using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /get_reward</c>, OpenRLHF's remote reward model protocol:
/// <c>{"query": [...], "prompts": [...], "labels": [...]}</c> -> <c>{"rewards", "scores", "extra_logs", "reasons"}</c>,
/// every number a JSON float (OpenRLHF builds tensors from them). A query is prompt + response, so the prompt is cut
/// off (<see cref="PromptStripper"/>); a label is the problem. OpenRLHF has no skip, so an item that is not
/// <c>scored</c> is answered with the value that trains least: an <c>infra_error</c> (after re-scoring within the
/// deadline) gets the mean of its group's scored rewards (advantage 0 under group baselines), an <c>unscorable</c>
/// item, like every sibling of its unjudgeable problem, gets 0.0 (the same value for the whole group, advantage 0).
/// </summary>
internal static class OpenRlhfEndpoint
{
    /// <summary>The longest an <c>infra_error</c> item waits for a scored sibling of its group.</summary>
    private static readonly TimeSpan SiblingWait = TimeSpan.FromSeconds(20);

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
        var groups = new string[count];
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

                promptText = prompt.GetString() ?? string.Empty;
                text = PromptStripper.Strip(text, promptText);
            }

            var wrap = state.Options.LabelField is { } labelField
                ? new LabelWrap(labelField, state.Options.PromptField, promptText)
                : new LabelWrap(DefaultLabelField, DefaultPromptField, promptText ?? string.Empty);
            var (problem, problemId) = ParseLabel(labels[i], environment, wrap, $"$.labels[{i}]");
            items.Add((environment, new ScoringRequest(i.ToString(CultureInfo.InvariantCulture), problem, Completion.FromText(text), problemId)));
            groups[i] = GroupKey(environment.Name, promptText, labels[i].GetRawText());
        }

        using var deadline = state.StartDeadline(Protocol.OpenRlhf, context);
        var scored = await state.ScoreAsync(Protocol.OpenRlhf, items, deadline).ConfigureAwait(false);
        var (rewards, substituted) = await RewardsAsync(state, Protocol.OpenRlhf.Endpoint, scored, groups, deadline).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            WriteFloats(w, "rewards", rewards);
            WriteFloats(w, "scores", rewards);
            w.WriteStartObject("extra_logs");
            WriteFloats(w, "scored", [.. scored.Select(s => s.Reward.Outcome == Outcome.Scored ? 1.0 : 0.0)]);
            WriteFloats(w, "unscorable", [.. scored.Select(s => s.Reward.Outcome == Outcome.Unscorable ? 1.0 : 0.0)]);
            WriteFloats(w, "infra_error", [.. scored.Select(s => s.Reward.Outcome == Outcome.InfraError ? 1.0 : 0.0)]);
            WriteFloats(w, "substituted", [.. substituted.Select(s => s ? 1.0 : 0.0)]);
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

    /// <summary>The problem field a plain label fills when the server has no <c>--label-field</c>: <c>answer</c>, as in every math dataset.</summary>
    internal const string DefaultLabelField = "answer";

    /// <summary>The problem field the prompt fills alongside <see cref="DefaultLabelField"/> (math problems carry their question).</summary>
    internal const string DefaultPromptField = "question";

    /// <summary>
    /// The reward each item trains with, for a protocol without a skip: scored items their reward; <c>infra_error</c>
    /// items the mean of their group's scored rewards (waiting briefly for siblings scored in other requests), else
    /// 0.0; <c>unscorable</c> items 0.0. Counted in <c>rlvr_substituted_total</c>.
    /// </summary>
    internal static async Task<(double[] Rewards, bool[] Substituted)> RewardsAsync(
        ServerState state, string endpoint, ScoredItem[] scored, string[] groups, RequestDeadline deadline)
    {
        var rewards = new double[scored.Length];
        var substituted = new bool[scored.Length];
        for (int i = 0; i < scored.Length; i++)
        {
            if (scored[i].Reward.Outcome == Outcome.Scored)
            {
                rewards[i] = scored[i].Reward.Value;
                state.Baselines.Record(groups[i], rewards[i]);
            }
        }

        var waits = new List<Task>();
        for (int i = 0; i < scored.Length; i++)
        {
            int index = i;
            switch (scored[i].Reward.Outcome)
            {
                case Outcome.Unscorable:
                    substituted[i] = true;
                    state.Metrics.RecordSubstituted(endpoint, "unscorable", "zero");
                    break;
                case Outcome.InfraError:
                    substituted[i] = true;
                    var wait = deadline.Remaining < SiblingWait ? deadline.Remaining : SiblingWait;
                    waits.Add(Task.Run(async () =>
                    {
                        double? mean = await state.Baselines.MeanAsync(groups[index], wait, deadline.Token).ConfigureAwait(false);
                        rewards[index] = mean ?? 0.0;
                        state.Metrics.RecordSubstituted(endpoint, "infra_error", mean is null ? "zero" : "group_mean");
                    }));
                    break;
            }
        }

        await Task.WhenAll(waits).ConfigureAwait(false);
        return (rewards, substituted);
    }

    /// <summary>The samples of one prompt share a group: environment, prompt and label.</summary>
    internal static string GroupKey(string environment, string? prompt, string label) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(environment + "\0" + (prompt ?? string.Empty) + "\0" + label)));

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
                        if (Rlvr.Core.Data.JsonStrings.TryFindUnreadable(System.Text.Encoding.UTF8.GetBytes(text), out string? inner))
                        {
                            throw new RequestException(StatusCodes.Status400BadRequest, path, $"the JSON problem in this label holds a value that is not valid text at {inner}");
                        }

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
                    problemJson = Wrap(text, wrap);
                }
                else
                {
                    throw new RequestException(
                        StatusCodes.Status400BadRequest,
                        path,
                        $"is neither a problem object nor a problem id of '{environment.Name}'; start the server with --label-field NAME to use plain labels as that problem field");
                }

                break;
            case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when wrap is not null:
                // A numeric dataset column (GSM8K answers loaded as int): its JSON text is the answer.
                problemJson = Wrap(label.GetRawText(), wrap);
                break;
            default:
                throw new RequestException(StatusCodes.Status400BadRequest, path, $"must be a problem object, a string or a number, not {label.ValueKind}");
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

    private static JsonElement Wrap(string text, LabelWrap wrap)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { [wrap.LabelField] = text };
        if (wrap.PromptField is not null)
        {
            fields[wrap.PromptField] = wrap.Prompt
                ?? throw new RequestException(StatusCodes.Status400BadRequest, "$.prompts", $"missing: the server puts each prompt in the problem field '{wrap.PromptField}'");
        }

        return JsonSerializer.SerializeToElement(fields);
    }

    /// <summary>How a plain label becomes a problem: <c>{LabelField: label, PromptField: prompt}</c>.</summary>
    internal sealed record LabelWrap(string LabelField, string? PromptField, string? Prompt);

    private static void WriteFloats(Utf8JsonWriter w, string name, double[] values)
    {
        w.WriteStartArray(name);
        foreach (double value in values)
        {
            ScoredItemJson.WriteFloatValue(w, value);
        }

        w.WriteEndArray();
    }
}
