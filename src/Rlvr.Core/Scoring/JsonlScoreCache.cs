using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;

namespace Rlvr.Core.Scoring;

/// <summary>
/// A score cache persisted as JSONL, so a re-run of <c>rlvr eval</c> skips what was already scored. Entries are keyed
/// by environment name and version, problem and completion hash: bumping an environment's version after a verifier
/// fix re-scores everything. Lines it cannot read are skipped and counted in <see cref="SkippedLines"/>.
/// </summary>
public sealed class JsonlScoreCache : IScoreCache, IDisposable
{
    private readonly ConcurrentDictionary<ScoreKey, Reward> entries = new();
    private readonly StreamWriter writer;
    private readonly Lock gate = new();

    /// <summary>Opens (or creates) a cache file and loads its entries.</summary>
    /// <param name="path">The JSONL file.</param>
    public JsonlScoreCache(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (File.Exists(Path))
        {
            foreach (string line in File.ReadLines(Path))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (TryRead(line, out var key, out var reward))
                {
                    entries[key] = reward;
                }
                else
                {
                    SkippedLines++;
                }
            }
        }
        else
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path) ?? ".");
        }

        writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    /// <summary>The cache file.</summary>
    public string Path { get; }

    /// <summary>Entries held.</summary>
    public int Count => entries.Count;

    /// <summary>Lines of the file that could not be read when it was opened.</summary>
    public int SkippedLines { get; }

    /// <inheritdoc />
    public bool TryGet(ScoreKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reward? reward) =>
        entries.TryGetValue(key, out reward);

    /// <inheritdoc />
    public void Set(ScoreKey key, Reward reward)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (!entries.TryAdd(key, reward))
        {
            return;
        }

        string line = Write(key, reward);
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            writer.Dispose();
        }
    }

    private static string Write(ScoreKey key, Reward reward)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("env", key.Environment);
            json.WriteString("version", key.Version);
            json.WriteString("problem", key.ProblemKey);
            json.WriteString("completion", key.CompletionHash);
            json.WriteNumber("value", reward.Value);
            json.WriteString("outcome", reward.Outcome.ToString());
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

    private static bool TryRead(string line, out ScoreKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Reward? reward)
    {
        key = default;
        reward = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            key = new ScoreKey(
                root.GetProperty("env").GetString() ?? string.Empty,
                root.GetProperty("version").GetString() ?? string.Empty,
                root.GetProperty("problem").GetString() ?? string.Empty,
                root.GetProperty("completion").GetString() ?? string.Empty);
            var outcome = Enum.Parse<Outcome>(root.GetProperty("outcome").GetString() ?? string.Empty);
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
