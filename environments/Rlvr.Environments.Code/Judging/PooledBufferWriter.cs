using System.Buffers;

namespace Rlvr.Environments.Code.Judging;

/// <summary>
/// A buffer writer over arrays rented from <see cref="ArrayPool{T}.Shared"/>: a judge request is built and sent
/// without a fresh array of its size (large ones land on the large object heap, which the GC returns late).
/// Dispose returns the array; the written memory is not valid after that.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] buffer;
    private int written;

    public PooledBufferWriter(int initialCapacity = 4096)
    {
        buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>What was written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, written);

    /// <summary>Forgets what was written, keeping the buffer for the next use.</summary>
    public void Clear() => written = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - written);
        written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsMemory(written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return buffer.AsSpan(written);
    }

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            written = 0;
        }
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(buffer.Length == 0, this);
        int needed = Math.Max(sizeHint, 1);
        if (buffer.Length - written >= needed)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)buffer.Length * 2, (long)written + needed)));
        buffer.AsSpan(0, written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
