using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;

namespace Rlvr.Core.Scoring;

/// <summary>
/// A score cache persisted as JSONL, so a re-run of <c>rlvr eval</c> skips what was already scored. Entries are keyed
/// by environment name and version, problem and completion hash: bumping an environment's version after a verifier
/// fix re-scores everything. Lines it cannot read are skipped and counted in <see cref="SkippedLines"/>.
/// A stored reward is in memory at once; its line goes to one writer task that appends and flushes whole batches, so
/// scoring workers never wait on the disk or on each other. Dispose the cache to write what is pending.
/// </summary>
public sealed class JsonlScoreCache : IScoreCache, IDisposable, IAsyncDisposable
{
    private readonly ConcurrentDictionary<ScoreKey, Reward> entries = new();
    private readonly StreamWriter writer;
    private readonly Channel<string> pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task writing;

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
        writing = Task.Run(WriteAsync);
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
    public ValueTask SetAsync(ScoreKey key, Reward reward, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reward);
        if (entries.TryAdd(key, reward) && !pending.Writer.TryWrite(ScoreCacheJson.Serialize(key, reward)))
        {
            throw new ObjectDisposedException(nameof(JsonlScoreCache));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the pending lines and closes the file.</summary>
    /// <returns>A task that completes when the file is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        pending.Writer.TryComplete();
        await writing.ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pending.Writer.TryComplete();

        // The writer task needs no context of the caller's, so waiting for it here cannot deadlock.
        writing.GetAwaiter().GetResult();
        writer.Dispose();
    }

    private async Task WriteAsync()
    {
        // Not cancellable: a half-written line would be skipped on the next open, and the entries are in memory now.
        while (await pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (pending.Reader.TryRead(out string? line))
            {
                await writer.WriteLineAsync(line).ConfigureAwait(false);
            }

            await writer.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
