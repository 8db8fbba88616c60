using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Rlvr.Core.Data;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary>
/// Reads <c>rlvr eval --input</c> rows from a Parquet file. Plain columns (<c>id</c>, <c>problem</c> or
/// <c>problem_id</c>, <c>completion</c>) are taken as they are. verl's layout — <c>data_source</c>, <c>prompt</c> (chat
/// messages), <c>reward_model.ground_truth</c>, <c>extra_info.index</c> — becomes <c>{"id", "problem": {"question",
/// "answer"}, "completion"}</c>: the question is the text of the last user message, the answer the ground truth, the
/// completion the <c>completion</c> or <c>response</c> column.
/// </summary>
internal static class ParquetSamples
{
    public static async IAsyncEnumerable<JsonlRecord> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IReadOnlyList<DatasetRow> rows;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                rows = await DatasetReader.ReadParquetAsync(stream, Path.GetFileName(path), cancellationToken).ConfigureAwait(false);
            }
            catch (Rlvr.Core.ProblemFormatException ex)
            {
                throw new CliException("--input: " + ex.Message);
            }
        }

        int line = 0;
        foreach (var row in rows)
        {
            line++;
            yield return IsVerl(row.Value) ? FromVerl(row.Value, line) : new JsonlRecord(line, row.Value, null);
        }
    }

    private static bool IsVerl(JsonElement row) =>
        !row.TryGetProperty("problem", out _) && !row.TryGetProperty("problem_id", out _)
        && row.TryGetProperty("reward_model", out var model) && model.ValueKind == JsonValueKind.Object;

    private static JsonlRecord FromVerl(JsonElement row, int line)
    {
        string name = "row " + line.ToString(CultureInfo.InvariantCulture);
        if (!row.GetProperty("reward_model").TryGetProperty("ground_truth", out var truth) || truth.ValueKind == JsonValueKind.Null)
        {
            return new JsonlRecord(line, row, new DataError(name, line, "$.reward_model.ground_truth", "missing"));
        }

        string? question = row.TryGetProperty("prompt", out var prompt) ? PromptText(prompt) : null;
        if (question is null)
        {
            return new JsonlRecord(line, row, new DataError(name, line, "$.prompt", "missing: a string or a list of chat messages with a user message"));
        }

        JsonElement? completion = row.TryGetProperty("completion", out var c) ? c : row.TryGetProperty("response", out var r) ? r : null;
        string id = row.TryGetProperty("id", out var idJson) && idJson.ValueKind != JsonValueKind.Null ? Text(idJson)
            : row.TryGetProperty("extra_info", out var extra) && extra.ValueKind == JsonValueKind.Object && extra.TryGetProperty("index", out var index)
                ? (row.TryGetProperty("data_source", out var source) ? Text(source) + "-" : string.Empty) + Text(index)
                : "row-" + line.ToString(CultureInfo.InvariantCulture);

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteStartObject("problem");
            writer.WriteString("question", question);
            writer.WriteString("answer", Text(truth));
            writer.WriteEndObject();
            if (completion is { } value)
            {
                writer.WritePropertyName("completion");
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return new JsonlRecord(line, document.RootElement.Clone(), null);
    }

    private static string? PromptText(JsonElement prompt) => prompt.ValueKind switch
    {
        JsonValueKind.String => prompt.GetString(),
        JsonValueKind.Array => prompt.EnumerateArray()
            .Where(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("role", out var role) && role.GetString() == "user")
            .Select(m => m.TryGetProperty("content", out var content) ? content.GetString() : null)
            .LastOrDefault(),
        _ => null,
    };

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
}
