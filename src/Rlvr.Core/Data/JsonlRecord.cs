using System.Text.Json;

namespace Rlvr.Core.Data;

/// <summary>One line of a JSONL file: its parsed object, or the error that prevented parsing it.</summary>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Value">The parsed JSON object; default when <see cref="Error"/> is set.</param>
/// <param name="Error">What is wrong with the line, or <see langword="null"/>.</param>
public readonly record struct JsonlRecord(int Line, JsonElement Value, DataError? Error)
{
    /// <summary>Whether the line parsed as a JSON object.</summary>
    public bool IsValid => Error is null;
}
