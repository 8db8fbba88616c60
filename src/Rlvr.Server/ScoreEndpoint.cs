using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core;
using Rlvr.Core.Data;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary><c>POST /v1/score</c>: the native batch protocol; samples have the same shape as <c>rlvr eval</c> input.</summary>
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
            index++;
        }

        using var deadline = state.StartDeadline(Protocol.Native, context);
        var scored = await state.ScoreAsync(Protocol.Native, items, deadline).ConfigureAwait(false);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("results");
            for (int i = 0; i < scored.Length; i++)
            {
                ScoredItemJson.Write(w, scored[i], items[i].Item1.Version);
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
