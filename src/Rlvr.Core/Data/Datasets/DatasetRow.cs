using System.Text.Json;

namespace Rlvr.Core.Data.Datasets;

/// <summary>One row of a dataset file as a JSON object, with where it came from.</summary>
/// <param name="Value">The row: a JSON object (Parquet columns become its properties).</param>
/// <param name="Location">File and line (JSONL) or file and row (Parquet), for error messages: <c>file:12</c>.</param>
public readonly record struct DatasetRow(JsonElement Value, string Location);
