using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Rlvr.Core.Data;

/// <summary>
/// Reads JSONL: one JSON object per line. Blank lines are skipped; a malformed line becomes a record with a
/// <see cref="DataError"/> naming file and line, and reading goes on with the next line.
/// </summary>
public static class JsonlReader
{
    /// <summary>Reads every line of a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<JsonlRecord> ReadFileAsync(
        string path,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var record in ReadAsync(stream, path, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }
        }
    }

    /// <summary>Reads every line of a stream.</summary>
    /// <param name="stream">UTF-8 JSONL.</param>
    /// <param name="name">The name used in errors.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async IAsyncEnumerable<JsonlRecord> ReadAsync(
        Stream stream,
        string name,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, name, lineNumber);
        }
    }

    /// <summary>Parses one line.</summary>
    /// <param name="line">The line text.</param>
    /// <param name="name">The file name used in errors.</param>
    /// <param name="lineNumber">The 1-based line number.</param>
    public static JsonlRecord Parse(string line, string name, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new JsonlRecord(lineNumber, default, new DataError(name, lineNumber, null, $"expected a JSON object, found {document.RootElement.ValueKind}"));
            }

            if (line.Contains("\\u", StringComparison.Ordinal)
                && JsonStrings.TryFindUnreadable(Encoding.UTF8.GetBytes(line), out string? path))
            {
                return new JsonlRecord(lineNumber, default, new DataError(name, lineNumber, path, "not valid text: a \\u escape that is a lone surrogate"));
            }

            return new JsonlRecord(lineNumber, document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return new JsonlRecord(lineNumber, default, new DataError(name, lineNumber, null, $"invalid JSON: {ex.Message}"));
        }
    }
}
