using System.Buffers;

namespace Rlvr.Sandbox.Docker;

/// <summary>
/// Keeps at most a fixed number of bytes and records whether more arrived; memory never grows past the cap. The
/// bytes go to the caller's sink when there is one (<see cref="Rlvr.Core.Sandboxing.ExecRequest.StdoutSink"/>),
/// otherwise into chunks rented from the shared array pool, each twice the size of the last up to
/// <see cref="MaxChunkBytes"/> and never copied while growing: a large output costs one exact array at the end
/// (<see cref="ToArray"/>) instead of a chain of ever larger arrays. <see cref="Dispose"/> returns the chunks and
/// detaches the sink: a reader still running after its command was given up appends nothing afterwards, so it never
/// writes into an array the pool has handed to someone else.
/// </summary>
internal sealed class CappedBuffer(int limit, IBufferWriter<byte>? sink = null) : IDisposable
{
    private const int MinChunkBytes = 16 * 1024;
    private const int MaxChunkBytes = 4 * 1024 * 1024;

    private readonly List<byte[]> chunks = [];
    private readonly Lock gate = new();
    private bool disposed;
    private int kept;
    private int usedInLast;

    public bool Truncated { get; private set; }

    public long TotalBytes { get; private set; }

    /// <summary>Bytes kept (at most the limit), whether here or in the sink.</summary>
    public int KeptBytes => kept;

    public void Append(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (!disposed)
            {
                AppendKept(data);
            }
        }
    }

    private void AppendKept(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        int room = Math.Max(0, limit - kept);
        if (data.Length > room)
        {
            Truncated = true;
            data = data[..room];
        }

        kept += data.Length;
        if (sink is not null)
        {
            sink.Write(data);
            return;
        }

        while (!data.IsEmpty)
        {
            if (chunks.Count == 0 || usedInLast == chunks[^1].Length)
            {
                int size = chunks.Count == 0 ? MinChunkBytes : Math.Min(MaxChunkBytes, chunks[^1].Length * 2);
                chunks.Add(ArrayPool<byte>.Shared.Rent(size));
                usedInLast = 0;
            }

            int count = Math.Min(data.Length, chunks[^1].Length - usedInLast);
            data[..count].CopyTo(chunks[^1].AsSpan(usedInLast));
            usedInLast += count;
            data = data[count..];
        }
    }

    /// <summary>The kept bytes (empty when they went to a sink).</summary>
    public byte[] ToArray()
    {
        lock (gate)
        {
            return Copy();
        }
    }

    private byte[] Copy()
    {
        if (sink is not null || kept == 0 || disposed)
        {
            return [];
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(kept);
        int offset = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            int count = i == chunks.Count - 1 ? usedInLast : chunks[i].Length;
            chunks[i].AsSpan(0, count).CopyTo(bytes.AsSpan(offset));
            offset += count;
        }

        return bytes;
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            foreach (byte[] chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            chunks.Clear();
            usedInLast = 0;
        }
    }
}
