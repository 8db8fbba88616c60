using System.Collections.Concurrent;
using System.Text;

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
    private readonly SemaphoreSlim gate = new(1, 1);

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

                if (ScoreCacheJson.TryDeserialize(line, out var key, out var reward))
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
    public ValueTask<Reward?> GetAsync(ScoreKey key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(entries.TryGetValue(key, out var reward) ? reward : null);

    /// <inheritdoc />
    public async ValueTask SetAsync(ScoreKey key, Reward reward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (!entries.TryAdd(key, reward))
        {
            return;
        }

        string line = ScoreCacheJson.Serialize(key, reward);
        await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Not cancellable: a half-written line would be skipped on the next open, and the entry is in memory now.
            await writer.WriteLineAsync(line).ConfigureAwait(false);
            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        gate.Wait();
        try
        {
            writer.Dispose();
        }
        finally
        {
            gate.Release();
        }
    }
}
