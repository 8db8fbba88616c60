using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rlvr.Core.Data;

namespace Rlvr.Server;

/// <summary>
/// The rest of a NeMo-Gym resources server for single-turn tasks (<c>SimpleResourcesServer</c> in
/// <c>nemo_gym/base_resources_server.py</c>): <c>/seed_session</c>, which <c>SimpleAgent.run</c> posts before every
/// rollout (a single-turn task has no state, so it answers <c>{}</c>), and <c>/aggregate_metrics</c>, which rollout
/// collection posts the verify responses to (<c>compute_aggregate_metrics</c> in <c>nemo_gym/reward_profile.py</c>:
/// <c>mean/max/min/median/std</c> of each numeric top-level field per task and over all rollouts).
/// </summary>
internal static class NemoGymSessionEndpoints
{
    private const string TaskIndex = "_ng_task_index";
    private const string RolloutIndex = "_ng_rollout_index";

    public static async Task SeedSessionAsync(HttpContext context, ServerState state)
    {
        // The body is the run request; read it so a malformed one is still a 400 naming its position.
        if (context.Request.ContentLength is not 0)
        {
            using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);

            // A task of a multi-turn environment opens an episode (tool routes, cookie; docs/server.md).
            if (await Episodes.NemoGymEpisodeEndpoints.TrySeedAsync(context, state, HttpJson.RootObject(document)).ConfigureAwait(false))
            {
                return;
            }
        }

        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public static async Task AggregateMetricsAsync(HttpContext context, ServerState state)
    {
        using var document = await HttpJson.ReadAsync(context, state.Options.MaxRequestBodyBytes, context.RequestAborted).ConfigureAwait(false);
        var root = HttpJson.RootObject(document);
        var responses = HttpJson.RequiredArray(root, "verify_responses", "$");
        var all = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var byTask = new SortedDictionary<long, (JsonElement Index, Dictionary<string, List<double>> Values, int Count)>();
        int position = 0;
        foreach (var response in responses.EnumerateArray())
        {
            if (response.ValueKind != JsonValueKind.Object)
            {
                throw new RequestException(StatusCodes.Status400BadRequest, $"$.verify_responses[{position}]", $"must be an object, not {response.ValueKind}");
            }

            long task = 0;
            JsonElement taskElement = default;
            if (response.TryGetProperty(TaskIndex, out var t))
            {
                task = t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out long n)
                    ? n
                    : throw new RequestException(StatusCodes.Status400BadRequest, $"$.verify_responses[{position}].{TaskIndex}", "must be an integer");
                taskElement = t;
            }

            if (!byTask.TryGetValue(task, out var entry))
            {
                entry = (taskElement, new Dictionary<string, List<double>>(StringComparer.Ordinal), 0);
            }

            foreach (var property in response.EnumerateObject())
            {
                if (property.Name is TaskIndex or RolloutIndex)
                {
                    continue;
                }

                double? value = property.Value.ValueKind switch
                {
                    // Bounded so means and deviations of any batch stay finite (JSON has no infinities).
                    JsonValueKind.Number when property.Value.TryGetDouble(out double d) && Math.Abs(d) <= 1e150 => d,
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => null,
                };
                if (value is double v)
                {
                    Add(entry.Values, property.Name, v);
                    Add(all, property.Name, v);
                }
            }

            byTask[task] = (entry.Index, entry.Values, entry.Count + 1);
            position++;
        }

        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("group_level_metrics");
            foreach (var (task, (_, values, count)) in byTask)
            {
                w.WriteStartObject();
                w.WriteNumber(TaskIndex, task);
                WriteStats(w, values);
                w.WriteNumber("num_rollouts", count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("agent_metrics");
            WriteStats(w, all);
            w.WriteEndObject();
            w.WriteStartObject("key_metrics");
            foreach (var (name, values) in all.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                ScoredItemJson.WriteFloat(w, "mean/" + name, values.Average());
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static void Add(Dictionary<string, List<double>> values, string name, double value)
    {
        if (!values.TryGetValue(name, out var list))
        {
            values[name] = list = [];
        }

        list.Add(value);
    }

    private static void WriteStats(Utf8JsonWriter w, Dictionary<string, List<double>> values)
    {
        foreach (var (name, list) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var sorted = list.Order().ToArray();
            double mean = sorted.Average();
            double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

            // pandas' sample standard deviation (ddof 1); 0 for one rollout, as RewardProfiler reports it.
            double std = sorted.Length < 2 ? 0 : Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1));
            ScoredItemJson.WriteFloat(w, "mean/" + name, mean);
            ScoredItemJson.WriteFloat(w, "max/" + name, sorted[^1]);
            ScoredItemJson.WriteFloat(w, "min/" + name, sorted[0]);
            ScoredItemJson.WriteFloat(w, "median/" + name, median);
            ScoredItemJson.WriteFloat(w, "std/" + name, std);
        }
    }
}
