using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Rlvr.Environments.Code.Judging;

/// <summary>
/// Decodes the base64 program output of runner records into buffers rented once and reused for every record:
/// the base64 text is read where it lies in the runner's output (no string of it), decoded into pooled bytes and
/// then into pooled characters as <see cref="Encoding.UTF8"/> would (invalid bytes become U+FFFD, never an
/// exception). A record's text is valid until the next <see cref="TryDecode"/> or <see cref="Dispose"/>.
/// </summary>
internal sealed class OutputDecoder : IDisposable
{
    private byte[] bytes = [];
    private char[] chars = [];

    /// <summary>Decodes the base64 string property <paramref name="name"/> of <paramref name="record"/>.</summary>
    /// <param name="record">A runner record.</param>
    /// <param name="name">The property holding base64 text.</param>
    /// <param name="text">The decoded text; valid until the next call.</param>
    /// <returns>False when the property is missing, not a string or not base64.</returns>
    public bool TryDecode(JsonElement record, string name, out ReadOnlySpan<char> text)
    {
        text = default;
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        int length;
        if (raw.IndexOf((byte)'\\') >= 0 || !TryDecodeUtf8(raw, out length))
        {
            // Escapes (a runner never writes them in base64) or what the fast decoder refuses: decode the string the
            // way Convert.FromBase64String would, so both paths accept the same texts.
            string escaped = LenientJson.GetString(value);
            Ensure(ref bytes, (escaped.Length / 4 * 3) + 3);
            if (!Convert.TryFromBase64Chars(escaped, bytes, out length))
            {
                return false;
            }
        }

        Ensure(ref chars, Encoding.UTF8.GetMaxCharCount(length));
        int count = Encoding.UTF8.GetChars(bytes.AsSpan(0, length), chars);
        text = chars.AsSpan(0, count);
        return true;
    }

    public void Dispose()
    {
        Return(ref bytes);
        Return(ref chars);
    }

    private bool TryDecodeUtf8(ReadOnlySpan<byte> base64, out int length)
    {
        Ensure(ref bytes, Base64.GetMaxDecodedFromUtf8Length(base64.Length));
        var status = Base64.DecodeFromUtf8(base64, bytes, out int consumed, out length);
        return status == OperationStatus.Done && consumed == base64.Length;
    }

    private static void Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length >= length)
        {
            return;
        }

        Return(ref buffer);
        buffer = ArrayPool<T>.Shared.Rent(Math.Max(length, 256));
    }

    private static void Return<T>(ref T[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<T>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
