using System.Text.Json;
using Rlvr.Core.Episodes;

namespace Rlvr.Core;

/// <summary>
/// The untyped view of an environment, used by the scoring engine, the CLI and the server.
/// Implement it by deriving from <see cref="Environment{TProblem}"/>.
/// </summary>
public interface IEnvironment
{
    /// <summary>The registry name, e.g. <c>math/gsm8k</c>.</summary>
    string Name { get; }

    /// <summary>The version; part of every cached score key, so bump it when scoring changes.</summary>
    string Version { get; }

    /// <summary>A one-line description.</summary>
    string Description { get; }

    /// <summary>The problem type.</summary>
    Type ProblemType { get; }

    /// <summary>Parses a problem from JSON.</summary>
    /// <param name="json">The problem object.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="ProblemFormatException">The JSON does not describe a valid problem; names the field.</exception>
    object ParseProblem(JsonElement json);

    /// <summary>Looks up a problem of the bundled dataset by id.</summary>
    /// <param name="problemId">The problem id.</param>
    /// <param name="problem">The problem when found.</param>
    /// <returns>Whether it was found.</returns>
    bool TryGetProblem(string problemId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out object? problem);

    /// <summary>The ids of the bundled dataset's problems, in dataset order (empty when there is none).</summary>
    IReadOnlyList<string> ProblemIds { get; }

    /// <summary>
    /// Problems of the bundled dataset that could not be loaded, each as "where: what" (e.g. one invalid challenge
    /// folder). The valid problems still load; hosts print these (<c>rlvr list</c>, <c>rlvr eval</c>) or log them.
    /// </summary>
    IReadOnlyList<string> DatasetIssues => [];

    /// <summary>The stable id of a problem, or <see langword="null"/> when it has none.</summary>
    /// <param name="problem">A problem of this environment.</param>
    string? GetProblemId(object problem);

    /// <summary>Renders the prompt the model sees. Never includes <see cref="ReferenceAttribute"/> members.</summary>
    /// <param name="problem">A problem of this environment.</param>
    string RenderPrompt(object problem);

    /// <summary>Scores a completion with the environment's rubric.</summary>
    /// <param name="problem">A problem of this environment.</param>
    /// <param name="completion">The model's output.</param>
    /// <param name="context">The scoring context.</param>
    ValueTask<Reward> ScoreAsync(object problem, Completion completion, ScoringContext context);

    /// <summary>Starts a (possibly multi-turn) episode on a problem.</summary>
    /// <param name="problem">A problem of this environment.</param>
    /// <param name="context">The scoring context for the episode's rewards.</param>
    IEpisode CreateEpisode(object problem, ScoringContext context);
}
