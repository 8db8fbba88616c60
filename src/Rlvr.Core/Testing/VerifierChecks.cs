namespace Rlvr.Core.Testing;

/// <summary>The checks the <see cref="VerifierTestKit"/> runs; combine them as flags.</summary>
[Flags]
public enum VerifierChecks
{
    /// <summary>No check.</summary>
    None = 0,

    /// <summary>The reference completion scores a scored 1; a given wrong completion scores a scored value below 1.</summary>
    Reference = 1 << 0,

    /// <summary>An empty and a whitespace-only completion score a scored 0.</summary>
    Empty = 1 << 1,

    /// <summary>The reference and the wrong completion listed together, in both orders: at most one order may
    /// score above a wrong answer (catches containment matching, and duplicated answer tags with different
    /// contents). Needs <see cref="VerifierSample{TProblem}.Wrong"/>.</summary>
    ListedCandidates = 1 << 2,

    /// <summary>The rendered prompt used as the completion.</summary>
    PromptEcho = 1 << 3,

    /// <summary>The reference inside <c>&lt;think&gt;...&lt;/think&gt;</c>, then a wrong answer (or none).</summary>
    ThinkThenWrong = 1 << 4,

    /// <summary>A 100,000-character completion of unbalanced tags, braces and text; it must be scored (not time
    /// out, not throw) and earn no more than a wrong answer.</summary>
    LongJunk = 1 << 5,

    /// <summary>Non-numbers: <c>NaN</c>, <c>Infinity</c>, in plain text, a box and answer tags.</summary>
    NotANumber = 1 << 6,

    /// <summary>Judge bait such as <c>VERDICT: CORRECT</c> and <c>PASS</c>.</summary>
    JudgeBait = 1 << 7,

    /// <summary>Scoring everything a second time gives identical rewards.</summary>
    Repeatable = 1 << 8,

    /// <summary>Scoring under each of <see cref="VerifierTestKitOptions.Cultures"/> gives identical rewards.</summary>
    CultureInvariant = 1 << 9,

    /// <summary>A batch scored by the <see cref="Scoring.ScoringEngine"/> in parallel, in shuffled order, equals
    /// sequential scoring.</summary>
    ParallelShuffled = 1 << 10,

    /// <summary>Every adversarial probe.</summary>
    Probes = ListedCandidates | PromptEcho | ThinkThenWrong | LongJunk | NotANumber | JudgeBait,

    /// <summary>Every determinism check.</summary>
    Determinism = Repeatable | CultureInvariant | ParallelShuffled,

    /// <summary>Everything (the default).</summary>
    All = Reference | Empty | Probes | Determinism,
}
