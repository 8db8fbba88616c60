using System.Text.Json;

namespace Rlvr.Rollouts;

/// <summary>One problem to roll out.</summary>
/// <param name="Key">The problem's id (bundled id, or the id given in the problems file); groups samples for pass@k.</param>
/// <param name="Problem">The parsed problem of the environment.</param>
/// <param name="ProblemJson">
/// The problem as given, written into each trajectory as <c>problem</c> so the line re-scores; <see langword="null"/>
/// for a bundled problem (written as <c>problem_id</c>).
/// </param>
public sealed record RolloutProblem(string Key, object Problem, JsonElement? ProblemJson = null);
