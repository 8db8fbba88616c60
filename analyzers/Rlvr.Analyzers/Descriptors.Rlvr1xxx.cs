using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR1xxx: reward correctness.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR1001_ContainmentAsCorrectness = Create(
        "RLVR1001",
        Categories.Correctness,
        DiagnosticSeverity.Error,
        "Containment used as answer correctness",
        "'{0}' decides correctness by containment between the completion and the reference; extract one final answer and compare it for equality",
        "A completion that lists every option, or repeats the reference anywhere, passes a containment check. Extract one final answer and compare it for equality.");
}
