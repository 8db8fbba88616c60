using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Poc;

/// <summary>
/// <c>cyber/poc</c>: given a vulnerable C program, write an input that makes it crash under AddressSanitizer with the
/// challenge's bug. The completion holds one PoC as a fenced <c>base64</c>, <c>hex</c> or <c>python</c> block.
/// </summary>
public sealed class PocEnvironment : CyberEnvironmentBase
{
    /// <summary>Creates the environment with default options.</summary>
    public PocEnvironment()
        : this(CyberOptions.Default)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Image, runs and limits.</param>
    public PocEnvironment(CyberOptions options)
    {
        Rubric = Rubric<CyberChallenge>.Single("reproduced", new PocVerifier(options));
    }

    /// <inheritdoc />
    public override string Name => "cyber/poc";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "Write an input that crashes a vulnerable C program under AddressSanitizer with the intended bug.";

    /// <inheritdoc />
    public override IVerifier<CyberChallenge> Rubric { get; }

    /// <inheritdoc />
    public override string RenderPrompt(CyberChallenge problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return PromptText.Render(
            problem,
            $"The program has a memory-safety bug ({problem.Manifest.Cwe}). Write an input that makes it crash under AddressSanitizer because of that bug.",
            "Answer with the input in one fenced block: ```base64 ... ```, ```hex ... ```, or ```python ... ``` (a Python 3 program whose standard output is the input; it runs without network). Inputs larger than "
                + problem.Limits.MaxPocBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes are rejected. The last such block counts.");
    }
}
