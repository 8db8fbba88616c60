using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rlvr.Server;

/// <summary>Reading bounded JSON bodies and writing JSON responses and errors.</summary>
internal static class HttpJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the body as a JSON document: 413 past <paramref name="maxBytes"/>, 400 naming the position when malformed.</summary>
    public static async Task<JsonDocument> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is long declared && declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>(context.Request.ContentLength is long n and > 0 ? (int)Math.Min(n, maxBytes) : 4096);
        var body = context.Request.Body;
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(16384);
                int read = await body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                buffer.Advance(read);
                if (buffer.WrittenCount > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException || ex.TargetSite?.DeclaringType?.Namespace == "System.IO.Compression")
        {
            // The request decompression (gzip, deflate, brotli) met bytes that do not match their Content-Encoding.
            throw new RequestException(StatusCodes.Status400BadRequest, "$", "The request body does not decompress as its Content-Encoding says: " + ex.Message);
        }

        if (buffer.WrittenCount == 0)
        {
            throw new RequestException(StatusCodes.Status400BadRequest, "$", "The request body is empty; a JSON object is expected.");
        }

        try
        {
            var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });
            if (Rlvr.Core.Data.JsonStrings.TryFindUnreadable(buffer.WrittenSpan, out string? path))
            {
                document.Dispose();
                throw new RequestException(StatusCodes.Status400BadRequest, path, "not valid text: invalid UTF-8 or a \\u escape that is a lone surrogate");
            }

            return document;
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : string.Empty;
            throw new RequestException(StatusCodes.Status400BadRequest, ex.Path ?? "$", "Malformed JSON" + where + ": " + FirstSentence(ex.Message));
        }
    }

    /// <summary>The root object, or 400.</summary>
    public static JsonElement RootObject(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement
            : throw new RequestException(StatusCodes.Status400BadRequest, "$", $"expected a JSON object, found {document.RootElement.ValueKind}");

    /// <summary>A required array property, or 400 naming it.</summary>
    public static JsonElement RequiredArray(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            throw new RequestException(StatusCodes.Status400BadRequest, $"{path}.{name}", "missing");
        }

        return value.ValueKind == JsonValueKind.Array
            ? value
            : throw new RequestException(StatusCodes.Status400BadRequest, $"{path}.{name}", $"must be an array, not {value.ValueKind}");
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        // The whole body is built first: if writing fails half-way (a bug), nothing partial reaches the client and the
        // error handler can still answer with a complete error body.
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, int statusCode, string field, string message) =>
        WriteAsync(context, statusCode, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("field", field);
            w.WriteString("message", message);
            w.WriteString("request_id", context.TraceIdentifier);
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static RequestException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "$", $"The request body exceeds the limit of {maxBytes} bytes; send smaller batches.");

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
