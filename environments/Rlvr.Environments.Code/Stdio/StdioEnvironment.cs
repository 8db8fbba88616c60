using Rlvr.Core;
using Rlvr.Environments.Code.Data;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// <c>code/stdio</c>: Python programs over stdin/stdout. Problems come inline or from CodeContests
/// (<see cref="CodeDatasets.CodeContests"/>, pulled from the Hub) and LiveCodeBench
/// (<see cref="CodeDatasets.LiveCodeBench"/>) when present.
/// </summary>
public class StdioEnvironment : Environment<StdioProblem>, Rlvr.Core.Data.Datasets.IDatasetEnvironment, IEnvironmentNotes
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
        Options = options ?? CodeOptions.Default;
        Rubric = new StdioVerifier(Language, options);
    }

    /// <summary>The options in use.</summary>
    protected CodeOptions Options { get; }

    /// <summary>
    /// How many bundled problems need a checker or an interactive judge they do not have (each scores as unscorable,
    /// <c>needs_judge</c>); empty when none does.
    /// </summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            int total = ProblemIds.Count;
            int unjudged = ProblemIds.Count(id => TryGetProblem(id, out var p) && p is { NeedsJudge: true, Checker: null, Interactor: null });
            return unjudged == 0
                ? []
                : [string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{unjudged} of {total} problems accept several outputs or are interactive and have no checker (unscorable: needs_judge)")];
        }
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
    public virtual IReadOnlyList<Rlvr.Core.Data.Datasets.DatasetSpec> Datasets => [CodeDatasets.CodeContests, CodeDatasets.LiveCodeBench];

    /// <inheritdoc />
    /// <remarks>A CodeContests problem's time limit is its statement's, at most <see cref="CodeOptions.TestTimeLimit"/>.</remarks>
    protected override IEnumerable<StdioProblem> LoadProblems()
    {
        return TimeLimitAtMost(CodeDatasets.Load(CodeDatasets.CodeContests, StdioDatasets.ReadCodeContests), Options.TestTimeLimit)
            .Concat(CodeDatasets.Load(CodeDatasets.LiveCodeBench, StdioDatasets.ReadLiveCodeBench));
    }

    /// <summary>The problems with any time limit above <paramref name="cap"/> lowered to it.</summary>
    internal static IEnumerable<StdioProblem> TimeLimitAtMost(IEnumerable<StdioProblem> problems, TimeSpan cap) =>
        problems.Select(p => p.TimeLimitSeconds > cap.TotalSeconds ? p with { TimeLimitSeconds = cap.TotalSeconds } : p);
}
