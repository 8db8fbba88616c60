using Rlvr.Core;
using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// <c>code/stdio</c>: Python programs over stdin/stdout. Problems come inline or from the bundled CodeContests and
/// LiveCodeBench samples (when the shared data folder is present).
/// </summary>
public class StdioEnvironment : Environment<StdioProblem>
{
    /// <summary>Creates the environment with default options.</summary>
    public StdioEnvironment()
        : this(null)
    {
    }

    /// <summary>Creates the environment.</summary>
    /// <param name="options">Images, limits and reward style.</param>
    public StdioEnvironment(CodeOptions? options)
    {
        Rubric = new StdioVerifier(Language, options);
    }

    /// <inheritdoc />
    public override string Name => "code/stdio";

    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string Description => "stdin/stdout programs (Python): exact tokens, declared tolerance or a checker; each test a fresh process in a sandbox.";

    /// <inheritdoc />
    public override IVerifier<StdioProblem> Rubric { get; }

    /// <summary>The language candidates write.</summary>
    protected virtual StdioLanguage Language => StdioLanguage.Python;

    /// <inheritdoc />
    public override string RenderPrompt(StdioProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Prompt;
    }

    /// <inheritdoc />
    public override string? GetProblemId(StdioProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Id;
    }

    /// <inheritdoc />
    protected override IEnumerable<StdioProblem> LoadProblems()
    {
        string? contests = CodeDataPaths.Find("RLVR_CODECONTESTS_PATH", "code_contests_sample.jsonl");
        string? live = CodeDataPaths.Find("RLVR_LIVECODEBENCH_PATH", "livecodebench_sample.jsonl");
        var problems = Enumerable.Empty<StdioProblem>();
        if (contests is not null)
        {
            problems = problems.Concat(StdioDatasets.ReadCodeContests(contests));
        }

        if (live is not null)
        {
            problems = problems.Concat(StdioDatasets.ReadLiveCodeBench(live));
        }

        return problems;
    }
}
