using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Rlvr.Core.Episodes;

namespace Rlvr.Core;

/// <summary>
/// An RL environment: a dataset of problems, a prompt, and a rubric that scores a model's completion.
/// Derive from it, give it a public parameterless constructor, and the registry finds it by <see cref="Name"/>.
/// </summary>
/// <typeparam name="TProblem">The problem record; members holding reference data carry <see cref="ReferenceAttribute"/>.</typeparam>
public abstract class Environment<TProblem> : IEnvironment
    where TProblem : notnull
{
    private readonly Lazy<ProblemSet> problems;
    private readonly List<string> pendingIssues = [];

    /// <summary>Initializes the environment; the bundled dataset is loaded on first use.</summary>
    protected Environment()
    {
        problems = new Lazy<ProblemSet>(LoadProblemSet, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Version { get; }

    /// <inheritdoc />
    public virtual string Description => string.Empty;

    /// <summary>The rubric that scores completions.</summary>
    public abstract IVerifier<TProblem> Rubric { get; }

    /// <inheritdoc />
    public Type ProblemType => typeof(TProblem);

    /// <inheritdoc />
    public IReadOnlyList<string> ProblemIds => problems.Value.Ids;

    /// <inheritdoc />
    public IReadOnlyList<string> DatasetIssues => problems.Value.Issues;

    /// <summary>Renders the prompt the model sees for <paramref name="problem"/>.</summary>
    /// <param name="problem">The problem.</param>
    public abstract string RenderPrompt(TProblem problem);

    /// <summary>The stable id of a problem; <see langword="null"/> by default (the engine then hashes its content).</summary>
    /// <param name="problem">The problem.</param>
    public virtual string? GetProblemId(TProblem problem) => null;

    /// <summary>Parses a problem from JSON (snake_case member names, required members enforced).</summary>
    /// <param name="json">The problem object.</param>
    /// <exception cref="ProblemFormatException">The JSON is not a valid problem.</exception>
    public virtual TProblem ParseProblem(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw new ProblemFormatException("$", $"A problem must be a JSON object, not {json.ValueKind}.");
        }

        try
        {
            return json.Deserialize<TProblem>(RlvrJson.Options)
                ?? throw new ProblemFormatException("$", "The problem is null.");
        }
        catch (JsonException ex)
        {
            throw new ProblemFormatException(ex.Path ?? "$", ex.Message, ex);
        }
    }

    /// <summary>
    /// The bundled dataset; empty by default. Called once, lazily. Skip a problem that cannot be loaded and say why
    /// with <see cref="ReportDatasetIssue"/>: one bad record must not cost the others. An exception thrown from here is
    /// reported the same way, with an empty dataset.
    /// </summary>
    protected virtual IEnumerable<TProblem> LoadProblems() => [];

    /// <summary>Records a problem of the bundled dataset that was skipped; only meaningful while <see cref="LoadProblems"/> runs.</summary>
    /// <param name="issue">Where and what, e.g. <c>challenges/x/challenge.json.cwe: 'CWE-x' is not of the form CWE-123</c>.</param>
    protected void ReportDatasetIssue(string issue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issue);
        pendingIssues.Add(issue);
    }

    /// <summary>Scores a completion with <see cref="Rubric"/>.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="completion">The model's output.</param>
    /// <param name="context">The scoring context.</param>
    public ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context) =>
        Rubric.ScoreAsync(problem, completion, context);

    /// <summary>
    /// Starts an episode. The default is single-turn: the observation is the prompt, the first step's text is
    /// the completion, and the episode terminates with its reward. Override for multi-turn environments.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="context">The scoring context.</param>
    public virtual IEpisode CreateEpisode(TProblem problem, ScoringContext context) =>
        new SingleTurnEpisode<TProblem>(this, problem, context);

    /// <summary>Looks up a bundled problem by id.</summary>
    /// <param name="problemId">The id.</param>
    /// <param name="problem">The problem when found.</param>
    public bool TryGetProblem(string problemId, [MaybeNullWhen(false)] out TProblem problem) =>
        problems.Value.ById.TryGetValue(problemId, out problem);

    object IEnvironment.ParseProblem(JsonElement json) => ParseProblem(json);

    bool IEnvironment.TryGetProblem(string problemId, [NotNullWhen(true)] out object? problem)
    {
        bool found = TryGetProblem(problemId, out var typed);
        problem = typed;
        return found;
    }

    string? IEnvironment.GetProblemId(object problem) => GetProblemId(Cast(problem));

    string IEnvironment.RenderPrompt(object problem) => RenderPrompt(Cast(problem));

    ValueTask<Reward> IEnvironment.ScoreAsync(object problem, Completion completion, ScoringContext context) =>
        ScoreAsync(Cast(problem), completion, context);

    IEpisode IEnvironment.CreateEpisode(object problem, ScoringContext context) => CreateEpisode(Cast(problem), context);

    private TProblem Cast(object problem) => problem is TProblem typed
        ? typed
        : throw new ArgumentException($"Environment '{Name}' expects a {typeof(TProblem).Name}, not a {problem?.GetType().Name ?? "null"}.", nameof(problem));

    private ProblemSet LoadProblemSet()
    {
        var ids = new List<string>();
        var byId = new Dictionary<string, TProblem>(StringComparer.Ordinal);
        try
        {
            foreach (var problem in LoadProblems())
            {
                if (GetProblemId(problem) is not { } id)
                {
                    pendingIssues.Add($"a bundled problem has no id (GetProblemId returned null; override it), skipped");
                }
                else if (!byId.TryAdd(id, problem))
                {
                    pendingIssues.Add($"two bundled problems have id '{id}'; the second is skipped");
                }
                else
                {
                    ids.Add(id);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            pendingIssues.Add($"the bundled dataset could not be loaded ({ex.GetType().Name}: {ex.Message}); {ids.Count} problem(s) loaded before it");
        }

        return new ProblemSet(ids, byId, [.. pendingIssues]);
    }

    private sealed record ProblemSet(IReadOnlyList<string> Ids, Dictionary<string, TProblem> ById, IReadOnlyList<string> Issues);
}
