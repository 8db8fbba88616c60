namespace Rlvr.Environments.Math;

/// <summary>How strictly two math answers are compared. The defaults are the environment's defaults.</summary>
public sealed record MathEquivalenceOptions
{
    /// <summary>The defaults.</summary>
    public static MathEquivalenceOptions Default { get; } = new();

    /// <summary>
    /// A decimal written with at least this many fractional digits is accepted for an exact value that agrees
    /// with it after rounding both to this many digits (so <c>0.333333</c> is 1/3 but <c>0.33</c> is not). Default 6.
    /// </summary>
    public int FloatRounding { get; init; } = 6;

    /// <summary>Relative tolerance for numeric answers; only set when the problem declares one. Default none.</summary>
    public double? RelativeTolerance { get; init; }

    /// <summary>When false, expressions in one free variable compare equal under renaming (<c>f(x)</c> = <c>f(y)</c>). Default true.</summary>
    public bool Strict { get; init; } = true;

    /// <summary>Whether a predicted inequality chain (<c>-2 \le x \le 7</c>) may match a reference interval. Default false.</summary>
    public bool AllowSetRelationComparison { get; init; }

    /// <summary>Whether the reference may have several boxed answers or math spans joined by "and"/commas. Default true.</summary>
    public bool CombineSeparatedAnswers { get; init; } = true;

    /// <summary>Work units (tokens read plus nodes evaluated) one verification may spend. Default 200,000.</summary>
    public long WorkBudget { get; init; } = 200_000;

    /// <summary>
    /// Longest extracted answer, in characters, that is parsed at all. Default 4,096. There is no separate nesting
    /// limit: this length and the work budget bound how deep an answer can nest.
    /// </summary>
    public int MaxAnswerLength { get; init; } = 4096;

    /// <summary>Largest exact intermediate value, in bits. Default 65,536.</summary>
    public long MaxExactBits { get; init; } = 65_536;

    /// <summary>Seed of the numeric identity test points.</summary>
    public ulong Seed { get; init; } = 0x5EED_2026UL;
}
