namespace Rlvr.Core.Testing;

/// <summary>One problem for the <see cref="VerifierTestKit"/>: the problem, a completion that must score 1, and
/// optionally a completion that is wrong.</summary>
/// <typeparam name="TProblem">The environment's problem type.</typeparam>
/// <param name="Problem">The problem, with its reference data.</param>
/// <param name="Reference">A completion the environment must score as a scored 1 (the reference solution, in the
/// format the prompt asks for).</param>
/// <param name="Wrong">A well-formed but wrong completion, or <see langword="null"/>. When given, its score is the
/// most an adversarial probe may earn (so format credit is allowed), and the kit also lists it next to the
/// reference to check that a completion giving several answers does not pass.</param>
public sealed record VerifierSample<TProblem>(TProblem Problem, string Reference, string? Wrong = null)
    where TProblem : notnull;
