namespace Rlvr.Sandbox.Docker;

/// <summary>Keeps at most a fixed number of bytes and records whether more arrived; memory never grows past the cap.</summary>
internal sealed class CappedBuffer(int limit)
{
    private readonly MemoryStream kept = new();

    public bool Truncated { get; private set; }

    public long TotalBytes { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        int room = (int)Math.Max(0, limit - kept.Length);
        if (data.Length > room)
        {
            Truncated = true;
            data = data[..room];
        }

        kept.Write(data);
    }

    public byte[] ToArray() => kept.ToArray();
}
