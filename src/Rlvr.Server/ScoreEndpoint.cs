using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// <c>POST /v1/score</c>: the native batch protocol; samples have the same shape as <c>rlvr eval</c> input, plus an
/// optional <c>group</c> (the samples of one prompt) that earns a non-scored item a <c>baseline</c> in its result.
/// </summary>
internal static class ScoreEndpoint
{
    public static async Task HandleAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        string? batchEnv = OptionalString(root, "env", "$.env");
        var array = HttpJson.RequiredArray(root, "items", "$");
        var items = new List<(IEnvironment, ScoringRequest)>(array.GetArrayLength());
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<string?>(array.GetArrayLength());
        int index = 0;
        foreach (var sample in array.EnumerateArray())
        {
            string path = $"$.items[{index}]";
            string? envName = sample.ValueKind == JsonValueKind.Object ? OptionalString(sample, "env", path + ".env") : null;
            var environment = state.Environment(envName ?? batchEnv, envName is null ? "$.env" : path + ".env");
            if (!SampleParser.TryParse(sample, environment, out var request, out string? field, out string? message))
            {
                throw new RequestException(StatusCodes.Status400BadRequest, path + (field is { Length: > 1 } ? field[1..] : string.Empty), message ?? "invalid sample");
            }

            if (!ids.Add(request.Id))
            {
                throw new RequestException(StatusCodes.Status400BadRequest, path + ".id", $"duplicate id '{request.Id}' (ids name results, so they must be unique in a request)");
            }

            items.Add((environment, request));
            string? group = sample.ValueKind == JsonValueKind.Object ? OptionalString(sample, "group", path + ".group") : null;
            groups.Add(group is null ? null : OpenRlhfEndpoint.GroupKey(environment.Name, "native", group));
            index++;
        }

        using var deadline = state.StartDeadline(Protocol.Native, context);
        var scored = await state.ScoreAsync(Protocol.Native, items, deadline).ConfigureAwait(false);

        // Items that name their group (the samples of one prompt) get, when not scored, the value a trainer without a
        // skip should use: the group's scored mean, as OpenRLHF's endpoint answers.
        var grouped = Enumerable.Range(0, scored.Length).Where(i => groups[i] is not null).ToArray();
        var baselines = new double?[scored.Length];
        if (grouped.Length > 0)
        {
            var (values, substituted) = await OpenRlhfEndpoint.RewardsAsync(
                state, Protocol.Native.Endpoint, [.. grouped.Select(i => scored[i])], [.. grouped.Select(i => groups[i]!)], deadline).ConfigureAwait(false);
            for (int k = 0; k < grouped.Length; k++)
            {
                baselines[grouped[k]] = substituted[k] ? values[k] : null;
            }
        }

        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            for (int i = 0; i < scored.Length; i++)
            {
                ScoredItemJson.Write(w, scored[i], items[i].Item1.Version, baselines[i]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static string? OptionalString(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RequestException(StatusCodes.Status400BadRequest, path, $"must be a string, not {value.ValueKind}");
    }
}
