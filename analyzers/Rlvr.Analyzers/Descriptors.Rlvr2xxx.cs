using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers;

/// <summary>RLVR2xxx: reward determinism.</summary>
internal static partial class Descriptors
{
    public static readonly DiagnosticDescriptor RLVR2001_NondeterministicReward = Create(
        "RLVR2001",
        Categories.Determinism,
        DiagnosticSeverity.Warning,
        "Nondeterministic reward",
        "'{0}' makes the reward differ between runs; use the scoring context's {1}",
        "A reward that reads the clock, an unseeded random generator or a per-process hash gives the same completion different scores in different runs, so results cannot be reproduced or cached. Use ScoringContext.Random (seeded from the sample id) and ScoringContext.TimeProvider.");

    public static readonly DiagnosticDescriptor RLVR2002_CultureSensitiveOperation = Create(
        "RLVR2002",
        Categories.Determinism,
        DiagnosticSeverity.Error,
        "Culture-sensitive operation",
        "'{0}' depends on the current culture; {1}",
        "Parsing, formatting, case mapping and string comparison follow the machine's culture by default in .NET: under de-DE \"2.5\" parses as 25 and \"16,000\" as 16, under tr-TR \"I\".ToLower() is not \"i\". The same completion then gets a different reward on a different machine. Pass CultureInfo.InvariantCulture, StringComparison.Ordinal, or use ToLowerInvariant/ToUpperInvariant.");

    public static readonly DiagnosticDescriptor RLVR2003_HashOrderDecidesReward = Create(
        "RLVR2003",
        Categories.Determinism,
        DiagnosticSeverity.Info,
        "Order of a hash collection decides the reward",
        "'{0}' takes elements of a {1} by position, but its order is unspecified; sort it first",
        "HashSet and Dictionary enumerate in an unspecified order that changes with removals and between implementations. Taking the first or last element, or joining the elements into text, makes the result depend on that order. Sort first (OrderBy with an ordinal comparer), or use an ordered collection.");
}
