using Rlvr.Core;
using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// <c>code/stdio</c>: Python programs over stdin/stdout. Problems come inline or from the bundled CodeContests and
/// LiveCodeBench samples (<see cref="CodeDatasets.CodeContestsSample"/>, <see cref="CodeDatasets.LiveCodeBench"/>) when present.
/// </summary>
public class StdioEnvironment : Environment<StdioProblem>, Rlvr.Core.Data.Datasets.IDatasetEnvironment
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
    public virtual IReadOnlyList<Rlvr.Core.Data.Datasets.DatasetSpec> Datasets => [CodeDatasets.CodeContestsSample, CodeDatasets.LiveCodeBench];

    /// <inheritdoc />
    protected override IEnumerable<StdioProblem> LoadProblems()
    {
        return CodeDatasets.Load(CodeDatasets.CodeContestsSample, StdioDatasets.ReadCodeContests)
            .Concat(CodeDatasets.Load(CodeDatasets.LiveCodeBench, StdioDatasets.ReadLiveCodeBench));
    }
}
