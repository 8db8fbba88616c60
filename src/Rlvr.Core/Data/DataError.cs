namespace Rlvr.Core.Data;

/// <summary>A problem with one record of a data file: where it is and what is wrong.</summary>
/// <param name="File">The file path (or a name for a stream).</param>
/// <param name="Line">The 1-based line number.</param>
/// <param name="Field">The JSON path of the offending field (e.g. <c>$.completion</c>), or <see langword="null"/> for the whole line.</param>
/// <param name="Message">What is wrong.</param>
public sealed record DataError(string File, int Line, string? Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        Field is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: field '{Field}': {Message}";
}
