using Rlvr.Core;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>A program that reads standard input and writes standard output (CodeContests, LiveCodeBench shape).</summary>
public sealed record StdioProblem
{
    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>The statement shown to the model.</summary>
    public required string Prompt { get; init; }

    /// <summary>
    /// The prompt for C# candidates (<c>code/csharp</c>) when <see cref="Prompt"/> asks for Python, as LiveCodeBench's
    /// does; <see cref="Prompt"/> is used when <see langword="null"/>.
    /// </summary>
    public string? CSharpPrompt { get; init; }

    /// <summary>The tests.</summary>
    [Reference]
    public required IReadOnlyList<StdioTest> Tests { get; init; }

    /// <summary>Declared tolerance for numeric tokens; exact tokens when <see langword="null"/>.</summary>
    public FloatTolerance? Tolerance { get; init; }

    /// <summary>
    /// Python source defining <c>check(input, output, answer) -&gt; bool</c> for problems with several valid
    /// outputs; it runs in its own sandbox execution over the candidate's recorded output.
    /// </summary>
    [Reference]
    public string? Checker { get; init; }

    /// <summary>
    /// Python source defining <c>interact(input, send, receive)</c> for interactive problems: it talks to the
    /// candidate over pipes (hosted by the sandbox's runner, which keeps the test input away from the candidate),
    /// and its verdict comes from replaying the recorded transcript in a separate sandbox execution.
    /// </summary>
    [Reference]
    public string? Interactor { get; init; }

    /// <summary>
    /// Whether lines must match line by line (the default) or only the token sequence must (Codeforces' standard
    /// checker; CodeContests tests sometimes put on separate lines what the statement prints on one).
    /// </summary>
    public bool KeepLineStructure { get; init; } = true;

    /// <summary>Whether the problem needs a checker or an interactive judge it does not have (then it is unscorable).</summary>
    public bool NeedsJudge { get; init; }

    /// <summary>Time limit per test in seconds; the options' default when <see langword="null"/>.</summary>
    public double? TimeLimitSeconds { get; init; }
}
