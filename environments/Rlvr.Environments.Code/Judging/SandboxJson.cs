using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Rlvr.Environments.Code.Judging;

/// <summary>Small helpers for the JSON the judge scripts read on stdin.</summary>
internal static class SandboxJson
{
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            body(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Like <see cref="Write"/>, into a pooled buffer the caller disposes once the bytes are sent.</summary>
    public static PooledBufferWriter WritePooled(Action<Utf8JsonWriter> body)
    {
        var buffer = new PooledBufferWriter();
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
            {
                body(writer);
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>FNV-1a of the text: a seed that is the same in every process.</summary>
    public static int StableSeed(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 16777619;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    public static string Sha256(params string[] parts)
    {
        var builder = new StringBuilder();
        foreach (string part in parts)
        {
            builder.Append(part.Length).Append(':').Append(part);
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }
}
