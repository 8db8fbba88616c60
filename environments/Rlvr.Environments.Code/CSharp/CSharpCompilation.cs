namespace Rlvr.Environments.Code.CSharp;

/// <summary>The result of compiling a candidate: the assembly bytes, or the errors.</summary>
/// <param name="Assembly">The emitted assembly; <see langword="null"/> when compilation failed.</param>
/// <param name="Errors">Compiler errors (at most a few), or a budget message.</param>
public sealed record CSharpCompilation(byte[]? Assembly, IReadOnlyList<string> Errors)
{
    /// <summary>Whether an assembly was produced.</summary>
    public bool Succeeded => Assembly is not null;
}
