namespace Rlvr.Scripting;

/// <summary>A compiler or analyzer message about an environment script, located by file and 1-based line.</summary>
/// <param name="File">The script path.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Id">The diagnostic id, e.g. <c>CS0103</c> or <c>RLVR1001</c>.</param>
/// <param name="Message">The message.</param>
public sealed record ScriptDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}({Line},{Column}): {Severity} {Id}: {Message}";
}
