using System.Text.Json;
using Rlvr.Core.Scoring;

namespace Rlvr.Core.Data;

/// <summary>
/// Writes a scored item as the result object shared by <c>rlvr eval</c> output and the reward server:
/// <c>{"id", "reward", "outcome", "reason", "detail"?, "components", "metrics", "evidence", "elapsed_ms"}</c>.
/// </summary>
public static class ScoredItemJson
{
    /// <summary>The wire name of an outcome: <c>scored</c>, <c>unscorable</c> or <c>infra_error</c>.</summary>
    /// <param name="outcome">The outcome.</param>
    public static string OutcomeName(Outcome outcome) => outcome switch
    {
        Outcome.Scored => "scored",
        Outcome.Unscorable => "unscorable",
        Outcome.InfraError => "infra_error",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Writes one result object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="item">The item.</param>
    /// <param name="environmentVersion">Written as <c>env_version</c> when given.</param>
    /// <param name="baseline">
    /// Written as <c>baseline</c> when given: what a trainer without a skip should train a non-scored item with.
    /// </param>
    public static void Write(Utf8JsonWriter writer, ScoredItem item, string? environmentVersion = null, double? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(item);
        var reward = item.Reward;
        writer.WriteStartObject();
        writer.WriteString("id", item.Id);
        WriteFloat(writer, "reward", reward.Value);
        writer.WriteString("outcome", OutcomeName(reward.Outcome));
        writer.WriteString("reason", reward.Reason);
        if (reward.Detail is not null)
        {
            writer.WriteString("detail", reward.Detail);
        }

        writer.WriteStartObject("components");
        foreach (var (name, value) in reward.Components.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteFloat(writer, name, value);
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
        writer.WriteNumber("elapsed_ms", Math.Round(item.Elapsed.TotalMilliseconds, 3));
        if (item.FromCache)
        {
            writer.WriteBoolean("cached", true);
        }

        if (environmentVersion is not null)
        {
            writer.WriteString("env_version", environmentVersion);
        }

        if (baseline is double fallback)
        {
            WriteFloat(writer, "baseline", fallback);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a number that every JSON reader takes as a float: <c>1.0</c>, never <c>1</c>. Python trainers build
    /// tensors from rewards, and <c>torch.tensor([1])</c> is int64, whose <c>mean()</c> and <c>std()</c> raise.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">A finite value.</param>
    public static void WriteFloat(Utf8JsonWriter writer, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        WriteFloatValue(writer, value);
    }

    /// <summary>Writes an array element that every JSON reader takes as a float (see <see cref="WriteFloat"/>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">A finite value.</param>
    public static void WriteFloatValue(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no non-finite numbers.");
        }

        string text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        if (text.AsSpan().IndexOfAny('.', 'E', 'e') < 0)
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }
}
