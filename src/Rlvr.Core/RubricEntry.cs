namespace Rlvr.Core;

/// <summary>One weighted verifier of a <see cref="Rubric{TProblem}"/>.</summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
/// <param name="Name">Component name, unique within the rubric.</param>
/// <param name="Verifier">The verifier.</param>
/// <param name="Weight">Finite, non-negative weight.</param>
public sealed record RubricEntry<TProblem>(string Name, IVerifier<TProblem> Verifier, double Weight);
