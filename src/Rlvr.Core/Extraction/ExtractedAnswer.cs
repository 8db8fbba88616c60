namespace Rlvr.Core.Extraction;

/// <summary>The result of answer extraction.</summary>
public readonly record struct ExtractedAnswer
{
    private ExtractedAnswer(ExtractionStatus status, string? value, IReadOnlyList<string> candidates)
    {
        Status = status;
        Value = value;
        Candidates = candidates;
        PartCount = status == ExtractionStatus.Found ? 1 : 0;
    }

    /// <summary>No answer.</summary>
    public static ExtractedAnswer None { get; } = new(ExtractionStatus.None, null, []);

    /// <summary>Found, conflict or none.</summary>
    public ExtractionStatus Status { get; }

    /// <summary>The answer when <see cref="Status"/> is <see cref="ExtractionStatus.Found"/>; otherwise <see langword="null"/>.</summary>
    public string? Value { get; }

    /// <summary>Every candidate seen, in order of appearance (the distinct ones for <see cref="FinalAnswerExtractor"/>).</summary>
    public IReadOnlyList<string> Candidates { get; init; }

    /// <summary>Where the answer was found; <see cref="AnswerSource.None"/> when nothing was found.</summary>
    public AnswerSource Source { get; init; }

    /// <summary>
    /// How many separate answers <see cref="Value"/> joins with <c>", "</c>: 1 for one answer, more for a multi-part
    /// answer (<c>\boxed{1} and \boxed{2}</c>, <c>$1$, $2$</c>), 0 when nothing was found.
    /// </summary>
    public int PartCount { get; init; }

    /// <summary>Whether one answer was found.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    public bool IsFound => Status == ExtractionStatus.Found;

    /// <summary>One answer.</summary>
    /// <param name="value">The answer.</param>
    public static ExtractedAnswer Found(string value) => new(ExtractionStatus.Found, value, [value]);

    /// <summary>One answer found at <paramref name="source"/>.</summary>
    /// <param name="value">The answer.</param>
    /// <param name="source">Where it was found.</param>
    public static ExtractedAnswer Found(string value, AnswerSource source) => Found(value) with { Source = source };

    /// <summary>Several distinct answers of one kind: the completion hedges.</summary>
    /// <param name="candidates">The distinct candidates, in order of appearance.</param>
    /// <param name="source">Where they were found.</param>
    public static ExtractedAnswer Conflict(IReadOnlyList<string> candidates, AnswerSource source) =>
        new(ExtractionStatus.Conflict, null, candidates) { Source = source };

    /// <summary>
    /// Decides from candidates in order of appearance: none, one (or identical restatements, compared without
    /// white space), or conflict (unless <paramref name="policy"/> takes the last).
    /// </summary>
    /// <param name="candidates">The candidates, in order of appearance.</param>
    /// <param name="policy">What to do with distinct candidates.</param>
    public static ExtractedAnswer FromCandidates(IReadOnlyList<string> candidates, MultipleAnswerPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return None;
        }

        string last = candidates[^1];
        if (policy == MultipleAnswerPolicy.TakeLast)
        {
            return new(ExtractionStatus.Found, last, candidates);
        }

        string key = WithoutWhiteSpace(last);
        for (int i = 0; i < candidates.Count - 1; i++)
        {
            if (!string.Equals(WithoutWhiteSpace(candidates[i]), key, StringComparison.Ordinal))
            {
                return new(ExtractionStatus.Conflict, null, candidates);
            }
        }

        return new(ExtractionStatus.Found, last, candidates);
    }

    private static string WithoutWhiteSpace(string s)
    {
        if (!s.Any(char.IsWhiteSpace))
        {
            return s;
        }

        return string.Create(s.Count(c => !char.IsWhiteSpace(c)), s, static (span, source) =>
        {
            int j = 0;
            foreach (char c in source)
            {
                if (!char.IsWhiteSpace(c))
                {
                    span[j++] = c;
                }
            }
        });
    }
}
