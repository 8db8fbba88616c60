using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Data;

namespace Rlvr.Rollouts;

/// <summary>
/// A JSONL file of trajectories, written one line per finished episode (flushed, so an interrupted run loses at most
/// the episodes in flight). Opened for resuming, it keeps the finished trajectories that are not infrastructure
/// errors (those are run again) and appends the rest.
/// </summary>
public sealed class TrajectoryFile : IAsyncDisposable
{
    private readonly FileStream stream;

    private TrajectoryFile(FileStream stream, IReadOnlyList<Trajectory> kept)
    {
        this.stream = stream;
        Kept = kept;
    }

    /// <summary>Trajectories already in the file when it was opened for resuming (none otherwise).</summary>
    public IReadOnlyList<Trajectory> Kept { get; }

    /// <summary>
    /// Opens <paramref name="path"/>: with <paramref name="resume"/>, keeps its valid non-<c>infra_error</c> lines (one
    /// per id, the last wins) and rewrites it with them; otherwise starts it empty.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="resume">Keep what the file holds.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="FormatException">A line of the file is not a trajectory; names the line and field.</exception>
    public static async Task<TrajectoryFile> OpenAsync(string path, bool resume, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var kept = new Dictionary<string, (Trajectory Trajectory, string Line)>(StringComparer.Ordinal);
        if (resume && File.Exists(path))
        {
            await foreach (var record in JsonlReader.ReadFileAsync(path, cancellationToken).ConfigureAwait(false))
            {
                if (record.Error is not null)
                {
                    // A line the interruption cut short (or any unreadable line): its episode runs again.
                    continue;
                }

                Trajectory trajectory;
                try
                {
                    trajectory = TrajectoryJson.Read(record.Value);
                }
                catch (Exception ex) when (ex is FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    throw new FormatException($"{Path.GetFileName(path)}:{record.Line}: {ex.Message}", ex);
                }

                if (trajectory.Reward.Outcome != Outcome.InfraError)
                {
                    kept[trajectory.Id] = (trajectory, record.Value.GetRawText());
                }
                else
                {
                    kept.Remove(trajectory.Id);
                }
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        foreach (var (_, line) in kept.Values)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).ConfigureAwait(false);
        }

        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new TrajectoryFile(stream, [.. kept.Values.Select(v => v.Trajectory)]);
    }

    /// <summary>Appends one trajectory line and flushes it.</summary>
    /// <param name="trajectory">The trajectory.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async ValueTask AppendAsync(Trajectory trajectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            TrajectoryJson.Write(writer, trajectory);
        }

        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        stream.WriteByte((byte)'\n');
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
