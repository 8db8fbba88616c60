using System.Buffers;
using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Serialization;

namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// Reads dataset files into JSON rows: JSON Lines (<c>.jsonl</c>, <c>.jsonl.gz</c>) and Apache Parquet
/// (<c>.parquet</c>, the Hugging Face Hub's and verl's format). Parquet columns become properties; lists become
/// arrays and structs objects, so <c>reward_model.ground_truth</c> reads the same from either format.
/// </summary>
public static class DatasetReader
{
    private static readonly byte[] ParquetMagic = "PAR1"u8.ToArray();

    /// <summary>Whether <paramref name="path"/> is read as Parquet: by its extension, else by its first bytes.</summary>
    /// <param name="path">The file.</param>
    public static bool IsParquet(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(ParquetMagic);
    }

    /// <summary>Reads every row of several files, one after the other.</summary>
    /// <param name="paths">The files.</param>
    public static IEnumerable<DatasetRow> Read(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return paths.SelectMany(Read);
    }

    /// <summary>
    /// Reads every row of a file. A malformed JSONL line throws <see cref="ProblemFormatException"/> naming file and line.
    /// A Parquet null value leaves its property out; an empty list reads as <c>[]</c> and a null list element as
    /// <c>null</c> in its place. This holds for scalars, structs (any depth), lists of scalars and lists of structs (of
    /// scalars and structs). A file with any other top-level shape (a map, a list of lists, a list inside a list's
    /// struct element, a legacy two-level list) is read whole by Parquet.Net's untyped deserializer, which (6.1.0) drops
    /// null list elements and leaves empty lists out in every column of that file.
    /// </summary>
    /// <param name="path">A <c>.jsonl</c>, <c>.jsonl.gz</c> or <c>.parquet</c> file.</param>
    public static IEnumerable<DatasetRow> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"dataset file not found: {path}", path);
        }

        return IsParquet(path) ? ReadParquet(path) : ReadJsonl(path);
    }

    /// <summary>
    /// Reads every row of a file keeping only the named top-level columns. For Parquet only those columns' pages are read
    /// and decoded, one row group at a time (rows are yielded as each group is read), so wide columns the caller does not
    /// use (for example CodeContests' solutions) cost nothing; a column the file lacks is simply absent from the rows.
    /// Values read exactly as in <see cref="Read(string)"/>; when a named column has a shape not assembled there (a map, a
    /// list of lists), the file is read the general way, with every column and the losses described there, and then
    /// projected. JSON Lines rows are parsed whole and projected the same way.
    /// </summary>
    /// <param name="path">A <c>.jsonl</c>, <c>.jsonl.gz</c> or <c>.parquet</c> file.</param>
    /// <param name="columns">The top-level column (property) names to keep.</param>
    public static IEnumerable<DatasetRow> Read(string path, IReadOnlyCollection<string> columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"dataset file not found: {path}", path);
        }

        var keep = new HashSet<string>(columns, StringComparer.Ordinal);
        return IsParquet(path) ? ReadParquetColumns(path, keep) : ReadJsonl(path).Select(row => Project(row, keep));
    }

    /// <summary>
    /// Reads the rows of a Parquet stream as JSON objects. A null value leaves its property out; an empty list reads as
    /// <c>[]</c> and a null list element as <c>null</c> in its place, as <see cref="Read(string)"/> does.
    /// </summary>
    /// <param name="stream">A seekable Parquet stream.</param>
    /// <param name="name">The name used in locations and errors.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task<IReadOnlyList<DatasetRow>> ReadParquetAsync(Stream stream, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var rows = new List<DatasetRow>();
        await foreach (var row in ReadParquetRowsAsync(stream, name, null, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static IEnumerable<DatasetRow> ReadParquet(string path) => ReadParquetColumns(path, null);

    private static IEnumerable<DatasetRow> ReadParquetColumns(string path, HashSet<string>? keep)
    {
        using var stream = File.OpenRead(path);
        foreach (var row in ReadParquetRowsAsync(stream, path, keep, CancellationToken.None).ToBlockingEnumerable())
        {
            yield return row;
        }
    }

    // The rows of a Parquet stream, with every top-level column (keep null) or the named ones. When every such column has
    // a shape ParquetProjection assembles, only their pages are read, one row group at a time; otherwise the file is read
    // by Parquet.Net's untyped deserializer, whose lists lose null elements and empty lists (see Read(string)).
    private static async IAsyncEnumerable<DatasetRow> ReadParquetRowsAsync(Stream stream, string name, HashSet<string>? keep, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsParquetFailure(ex))
        {
            throw NotParquet(name, ex);
        }

        try
        {
            var fields = reader.Schema.Fields.Where(f => keep is null || keep.Contains(f.Name)).ToList();
            if (!fields.All(ParquetProjection.Supports))
            {
                stream.Position = 0;
                foreach (var row in await ReadUntypedAsync(stream, name, cancellationToken).ConfigureAwait(false))
                {
                    yield return keep is null ? row : Project(row, keep);
                }

                yield break;
            }

            int index = 0;
            for (int group = 0; group < reader.RowGroupCount; group++)
            {
                var columns = new List<(string Name, object?[] Values)>(fields.Count);
                long rowCount;
                try
                {
                    using var rowGroup = reader.OpenRowGroupReader(group);
                    rowCount = rowGroup.RowCount;
                    foreach (var field in fields)
                    {
                        columns.Add((field.Name, await ParquetProjection.ReadAsync(rowGroup, field, cancellationToken).ConfigureAwait(false)));
                    }
                }
                catch (Exception ex) when (IsParquetFailure(ex))
                {
                    throw NotParquet(name, ex);
                }

                for (long row = 0; row < rowCount; row++)
                {
                    index++;
                    yield return Row(RowLocation(name, index), writer =>
                    {
                        writer.WriteStartObject();
                        foreach (var (column, values) in columns.Where(c => c.Values[row] is not null))
                        {
                            writer.WritePropertyName(column);
                            WriteValue(writer, values[row]);
                        }

                        writer.WriteEndObject();
                    });
                }
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<DatasetRow>> ReadUntypedAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        IList<Dictionary<string, object>> data;
        try
        {
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, null, cancellationToken).ConfigureAwait(false);
            data = result.Data;
        }
        catch (Exception ex) when (IsParquetFailure(ex))
        {
            throw NotParquet(name, ex);
        }

        var rows = new List<DatasetRow>(data.Count);
        int index = 0;
        foreach (var row in data)
        {
            index++;
            rows.Add(Row(RowLocation(name, index), writer => WriteValue(writer, row)));
        }

        return rows;
    }

    private static ProblemFormatException NotParquet(string name, Exception ex) =>
        new(null, $"{name}: not a readable Parquet file: {ex.Message}", ex);

    private static bool IsParquetFailure(Exception ex) =>
        ex is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException or ParquetException or InvalidCastException;

    private static DatasetRow Project(DatasetRow row, HashSet<string> keep)
    {
        if (row.Value.EnumerateObject().All(p => keep.Contains(p.Name)))
        {
            return row;
        }

        return Row(row.Location, writer =>
        {
            writer.WriteStartObject();
            foreach (var property in row.Value.EnumerateObject().Where(p => keep.Contains(p.Name)))
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }

    // A row whose value is the JSON that write produces.
    private static DatasetRow Row(string location, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new DatasetRow(document.RootElement.Clone(), location);
    }

    private static string RowLocation(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}: row {index}");

    private static IEnumerable<DatasetRow> ReadJsonl(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string location = string.Create(CultureInfo.InvariantCulture, $"{path}:{lineNumber}");
            JsonElement value;
            try
            {
                using var document = JsonDocument.Parse(line);
                value = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new ProblemFormatException("$", $"{location}: {ex.Message}", ex);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new ProblemFormatException("$", $"{location}: a row must be a JSON object, not {value.ValueKind}");
            }

            yield return new DatasetRow(value, location);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                writer.WriteStringValue(Encoding.UTF8.GetString(bytes));
                break;
            case ReadOnlyMemory<char> chars:
                writer.WriteStringValue(chars.Span);
                break;
            case ReadOnlyMemory<byte> utf8:
                writer.WriteStringValue(Encoding.UTF8.GetString(utf8.Span));
                break;
            case sbyte or byte or short or ushort or int or uint or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case float f when float.IsFinite(f):
                writer.WriteNumberValue(f);
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumberValue(d);
                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case float or double:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset offset:
                writer.WriteStringValue(offset.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (object? item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
