using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Rlvr.Core.Scoring;

/// <summary>
/// The one stored form of a cached score, shared by every cache (a JSONL line, a value in a shared store): the key's
/// four parts and the reward, with the outcome in the wire format's spelling (<c>scored</c>, <c>unscorable</c>).
/// </summary>
public static class ScoreCacheJson
{
    /// <summary>Writes one entry as a single line of JSON.</summary>
    /// <param name="key">The key.</param>
    /// <param name="reward">The reward (not an infrastructure error).</param>
    /// <returns>The JSON text, without a line break.</returns>
    public static string Serialize(ScoreKey key, Reward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("env", key.Environment);
            json.WriteString("version", key.Version);
            json.WriteString("problem", key.ProblemKey);
            json.WriteString("completion", key.CompletionHash);
            json.WriteNumber("value", reward.Value);
            json.WriteString("outcome", Data.ScoredItemJson.OutcomeName(reward.Outcome));
            json.WriteString("reason", reward.Reason);
            if (reward.Detail is not null)
            {
                json.WriteString("detail", reward.Detail);
            }

            json.WritePropertyName("components");
            JsonSerializer.Serialize(json, reward.Components, RlvrJson.Options);
            json.WritePropertyName("metrics");
            JsonSerializer.Serialize(json, reward.Metrics, RlvrJson.Options);
            json.WritePropertyName("evidence");
            JsonSerializer.Serialize(json, reward.Evidence, RlvrJson.Options);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads one entry; entries written before the outcome was lower-cased (<c>Scored</c>) read too.</summary>
    /// <param name="text">The JSON text.</param>
    /// <param name="key">The key read.</param>
    /// <param name="reward">The reward read.</param>
    /// <returns>Whether the text was a whole, cacheable entry.</returns>
    public static bool TryDeserialize(string text, out ScoreKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reward? reward)
    {
        key = default;
        reward = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            key = new ScoreKey(
                root.GetProperty("env").GetString() ?? string.Empty,
                root.GetProperty("version").GetString() ?? string.Empty,
                root.GetProperty("problem").GetString() ?? string.Empty,
                root.GetProperty("completion").GetString() ?? string.Empty);
            var outcome = Enum.Parse<Outcome>(root.GetProperty("outcome").GetString() ?? string.Empty, ignoreCase: true);
            string reason = root.GetProperty("reason").GetString() ?? string.Empty;
            string? detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var baseReward = outcome switch
            {
                Outcome.Scored => Reward.Scored(root.GetProperty("value").GetDouble(), reason),
                Outcome.Unscorable => Reward.Unscorable(reason),
                _ => null, // Infrastructure errors are never cached.
            };
            if (baseReward is null)
            {
                return false;
            }

            reward = baseReward.WithDetail(detail).WithParts(
                Numbers(root.GetProperty("components")),
                Numbers(root.GetProperty("metrics")),
                root.GetProperty("evidence").EnumerateObject().ToImmutableDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal));
            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static ImmutableDictionary<string, double> Numbers(JsonElement json) =>
        json.EnumerateObject().ToImmutableDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
}
