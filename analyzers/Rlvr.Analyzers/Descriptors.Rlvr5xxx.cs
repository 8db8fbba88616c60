using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR5xxx: outcomes.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR5001_InfraFailureScored = Create(
        "RLVR5001",
        Categories.Outcomes,
        DiagnosticSeverity.Warning,
        "Infrastructure failure scored as a wrong answer",
        "'{0}' is an infrastructure failure but this handler returns a score; return Reward.InfraError",
        "A sandbox, I/O or network failure says nothing about the completion. Scoring it 0 (or 1) feeds noise into training and hides outages; Reward.InfraError keeps the item out of the training signal and lets the engine retry it.");
}
