using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Patch;

/// <summary>
/// <c>cyber/patch</c>: given a vulnerable C program, fix the memory-safety bug without breaking its behaviour.
/// The completion is a unified diff against the shown sources.
/// </summary>
public sealed class PatchEnvironment : CyberEnvironmentBase
{
    /// <summary>Creates the environment with default options.</summary>
    public PatchEnvironment()
        : this(CyberOptions.Default)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Image and limits.</param>
    public PatchEnvironment(CyberOptions options)
    {
        Rubric = Rubric<CyberChallenge>.Single("fixed", new PatchVerifier(options));
    }

    /// <inheritdoc />
    public override string Name => "cyber/patch";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "Fix the memory-safety bug of a C program with a unified diff; hidden PoCs and functional tests decide.";

    /// <inheritdoc />
    public override IVerifier<CyberChallenge> Rubric { get; }

    /// <inheritdoc />
    public override string RenderPrompt(CyberChallenge problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return PromptText.Render(
            problem,
            $"The program has a memory-safety bug ({problem.Manifest.Cwe}). Fix it so that no input can trigger it, keeping the program's behaviour on valid input unchanged. Editable files: {string.Join(", ", problem.EditableFiles)}.",
            "Answer with a unified diff in one fenced ```diff block (paths like a/src/file.c and b/src/file.c). Signal handlers, _exit, sanitizer interfaces and attributes, pragmas, new preprocessor directives other than #include of standard headers, and changes to other files are rejected.");
    }
}
