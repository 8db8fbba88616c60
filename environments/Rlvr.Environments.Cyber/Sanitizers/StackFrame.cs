namespace Rlvr.Environments.Cyber.Sanitizers;

/// <summary>One frame of a sanitizer stack trace.</summary>
/// <param name="Function">The function name.</param>
/// <param name="File">The source file (relative, e.g. <c>src/x.c</c>), or <see langword="null"/> for library frames.</param>
/// <param name="Line">The line, or 0 when unknown.</param>
public sealed record StackFrame(string Function, string? File, int Line)
{
    /// <summary>Whether the frame is in the challenge's own sources.</summary>
    public bool IsProject => File is not null && File.StartsWith("src/", StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => File is null ? Function : $"{Function} {File}:{Line}";
}
