using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.CSharp;

/// <summary>
/// <c>code/csharp</c>: C# programs over stdin/stdout, compiled by the .NET SDK's compiler inside the sandbox (never in the scoring process) and run in
/// the .NET judge image; judged like <c>code/stdio</c>.
/// </summary>
public sealed class CSharpEnvironment : StdioEnvironment
{
    /// <summary>Creates the environment with default options.</summary>
    public CSharpEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images, limits and reward style.</param>
    public CSharpEnvironment(CodeOptions? options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override string Name => "code/csharp";

    /// <inheritdoc />
    public override string Description => "stdin/stdout programs in C#: compiled and run in a sandbox with the .NET SDK's compiler and runtime.";

    /// <inheritdoc />
    protected override StdioLanguage Language => StdioLanguage.CSharp;

    /// <inheritdoc />
    public override string RenderPrompt(StdioProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.CSharpPrompt ?? problem.Prompt;
    }
}
