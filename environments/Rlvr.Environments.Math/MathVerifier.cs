using Rlvr.Core.Extraction;
using Rlvr.Environments.Math.Expressions;

namespace Rlvr.Environments.Math;

/// <summary>
/// Checks math answers for equivalence: extraction of the final answer, a hand-written LaTeX/plain-text parser,
/// exact rational arithmetic, and seeded numeric identity testing for symbolic expressions, all under a hard work
/// budget. Never throws for any input text.
/// </summary>
public static class MathVerifier
{
    /// <summary>Verifies a completion against a reference answer.</summary>
    /// <param name="reference">The reference answer (plain, LaTeX, or a text whose final answer is boxed).</param>
    /// <param name="completion">The model's completion.</param>
    /// <param name="options">Comparison options; <see cref="MathEquivalenceOptions.Default"/> when null.</param>
    /// <returns>The verdict.</returns>
    public static MathVerdict Verify(string reference, string completion, MathEquivalenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(completion);
        options ??= MathEquivalenceOptions.Default;
        MathNode gold;
        string units;
        try
        {
            var budget = NewBudget(options);
            if (!TryParseReference(reference, options, budget, out gold, out units, out string? why))
            {
                return new MathVerdict(MathVerdictStatus.BadReference, null, why);
            }
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            return new MathVerdict(MathVerdictStatus.BadReference, null, ex.Message);
        }
        return VerifyParsed(gold, completion, options, units);
    }

    /// <summary>Compares two answers that were already extracted (no final-answer search on either side).</summary>
    /// <param name="reference">The reference answer.</param>
    /// <param name="answer">The candidate answer.</param>
    /// <param name="options">Comparison options.</param>
    /// <returns>The verdict.</returns>
    public static MathVerdict Compare(string reference, string answer, MathEquivalenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(answer);
        options ??= MathEquivalenceOptions.Default;
        var budget = NewBudget(options);
        MathNode gold;
        try
        {
            gold = ParseAnswer(reference, options, budget).Node;
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            return new MathVerdict(MathVerdictStatus.BadReference, null, ex.Message);
        }
        return CompareTo(gold, string.Empty, answer, options, budget);
    }

    /// <summary>Parses a reference once so many completions can be checked against it.</summary>
    internal static bool TryParseReference(string reference, MathEquivalenceOptions options, WorkBudget budget, out MathNode node, out string units, out string? why)
    {
        node = MathNode.Text(string.Empty);
        units = string.Empty;
        var found = FinalAnswerExtractor.Find(reference, isReference: true);
        if (!found.IsFound)
        {
            why = found.Status == ExtractionStatus.Conflict ? "the reference has several different boxed answers" : "the reference is empty";
            return false;
        }
        try
        {
            (node, units) = ParseAnswer(found.Value, options, budget);
            why = null;
            return true;
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            if (ex is not (MathParseException or WorkBudgetExceededException))
            {
                why = "the reference cannot be parsed: " + ex.Message;
                return false;
            }
            if (found.Value.AsSpan().IndexOfAny("\\0123456789^_{}") >= 0)
            {
                why = "the reference cannot be parsed: " + ex.Message;
                return false;
            }
            // Free-text references ("The midpoints form a regular hexagon.") compare as text.
            node = MathNode.Of(NodeKind.List, MathNode.Text(MathParser.NormalizeText(found.Value)));
            why = null;
            return true;
        }
    }

    internal static WorkBudget NewBudget(MathEquivalenceOptions options) => new(options.WorkBudget, options.MaxExactBits);

    /// <summary>
    /// The completion's final answer as the answer component reads it (and the format component judges): the
    /// extraction, with several candidates that are all equivalent ("15\frac{39}{40} = \boxed{\frac{639}{40}}" boxed
    /// twice in two forms) taken as one answer. Throws what the extractor throws on hostile input.
    /// </summary>
    internal static ExtractedAnswer FinalAnswer(string completion, MathEquivalenceOptions options)
    {
        var found = FinalAnswerExtractor.Find(completion);
        if ((found.Status == ExtractionStatus.Conflict || found.PartCount > 1) && AllEquivalent(found.Candidates, options))
        {
            return ExtractedAnswer.Found(found.Candidates[^1], found.Source) with { Candidates = found.Candidates };
        }
        return found;
    }

    internal static MathVerdict VerifyParsed(MathNode gold, string completion, MathEquivalenceOptions options, string goldUnits = "")
    {
        var budget = NewBudget(options);
        ExtractedAnswer found;
        try
        {
            found = FinalAnswer(completion, options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return new MathVerdict(MathVerdictStatus.Unparseable, null, ex.Message);
        }
        string source = SourceName(found.Source);
        if (found.Status == ExtractionStatus.None)
        {
            return new MathVerdict(MathVerdictStatus.NoAnswer, null, "no final answer found");
        }
        if (!found.IsFound)
        {
            return new MathVerdict(MathVerdictStatus.ConflictingAnswers, null, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{found.Candidates.Count} different {source} answers"));
        }
        if (found.PartCount > 1 && found.Source == AnswerSource.Boxed && gold.Children.Length == 1 && gold.Children[0].Kind is not (NodeKind.Set or NodeKind.PlusMinus))
        {
            // Several boxed answers only pass as one multi-part answer when the reference has several parts.
            return new MathVerdict(MathVerdictStatus.ConflictingAnswers, found.Value, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{found.PartCount} different boxed answers"));
        }
        if (found.Source is AnswerSource.MathSpan or AnswerSource.Anchor && found.Value.Length <= options.MaxAnswerLength && FinalAnswerExtractor.HasProse(found.Value)
            && AnswerExtractor.LastNumber(found.Value) is { IsFound: true } stated)
        {
            // Prose inside a math span or an answer sentence ("$? just about 1$"): its last number is the answer.
            return CompareTo(gold, goldUnits, stated.Value, options, budget);
        }
        var verdict = CompareTo(gold, goldUnits, found.Value, options, budget);
        if (verdict.Status == MathVerdictStatus.Unparseable && found.Source == AnswerSource.Whole
            && AnswerExtractor.LastNumber(found.Value) is { IsFound: true } number)
        {
            // Short prose that is not a formula ("Soucis : 2,74 $"): its last number is the answer.
            return CompareTo(gold, goldUnits, number.Value, options, NewBudget(options));
        }
        return verdict;
    }

    private static string SourceName(AnswerSource source) => source switch
    {
        AnswerSource.MathSpan => "math",
        AnswerSource.LastNumber => "last_number",
        _ => source.ToString().ToLowerInvariant(),
    };

    private static bool AllEquivalent(IReadOnlyList<string> candidates, MathEquivalenceOptions options)
    {
        if (candidates.Count < 2 || candidates.Count > 8)
        {
            return false;
        }
        var budget = NewBudget(options);
        try
        {
            var last = ParseAnswer(candidates[^1], options, budget).Node;
            var checker = new EquivalenceChecker(options, budget);
            for (int i = 0; i < candidates.Count - 1; i++)
            {
                var candidate = ParseAnswer(candidates[i], options, budget).Node;
                if (!Guarded(budget, () => checker.Equivalent(last, candidate)))
                {
                    return false;
                }
            }
            return true;
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            return false;
        }
    }

    private static MathVerdict CompareTo(MathNode gold, string goldUnits, string answer, MathEquivalenceOptions options, WorkBudget budget)
    {
        try
        {
            (MathNode node, string units) parsed;
            try
            {
                parsed = ParseAnswer(answer, options, budget);
            }
            catch (MathParseException ex)
            {
                if (gold.Children.Length == 1 && gold.Children[0].Kind == NodeKind.Text
                    && string.Equals(gold.Children[0].Name, MathParser.NormalizeText(answer), StringComparison.Ordinal))
                {
                    return new MathVerdict(MathVerdictStatus.Correct, answer, null);
                }
                return new MathVerdict(MathVerdictStatus.Unparseable, Shorten(answer), ex.Message);
            }
            if (goldUnits.Length > 0 && parsed.units.Length > 0 && !string.Equals(goldUnits, parsed.units, StringComparison.Ordinal))
            {
                return new MathVerdict(MathVerdictStatus.Wrong, Shorten(answer), "different units");
            }
            var checker = new EquivalenceChecker(options, budget);
            return Guarded(budget, () => checker.Equivalent(gold, parsed.node))
                ? new MathVerdict(MathVerdictStatus.Correct, Shorten(answer), null)
                : new MathVerdict(MathVerdictStatus.Wrong, Shorten(answer), "not equivalent to the reference");
        }
        catch (WorkBudgetExceededException ex)
        {
            return new MathVerdict(MathVerdictStatus.BudgetExceeded, Shorten(answer), ex.Message);
        }
        catch (Exception ex) when (IsInputFault(ex))
        {
            return new MathVerdict(MathVerdictStatus.Unparseable, Shorten(answer), ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Faults an input can provoke in the parser or evaluator; they become verdicts, never escape.</summary>
    internal static bool IsInputFault(Exception ex) => ex is MathParseException or WorkBudgetExceededException or ArithmeticException
        or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or InsufficientExecutionStackException;

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";

    internal static (MathNode Node, string Units) ParseAnswer(string answer, MathEquivalenceOptions options, WorkBudget budget)
    {
        if (answer.Length > options.MaxAnswerLength)
        {
            throw new WorkBudgetExceededException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"answer longer than {options.MaxAnswerLength} characters"));
        }
        string text = NormalizeDecimalComma(UndoubleBackslashes(answer.Trim()));
        return Guarded(budget, () => MathParser.Parse(text, budget));
    }

    /// <summary>Runs a recursive step under <see cref="StackGuard"/>; a retry on the large stack starts from the same budget.</summary>
    private static T Guarded<T>(WorkBudget budget, Func<T> step)
    {
        long before = budget.Remaining;
        return StackGuard.Run(() =>
        {
            budget.Restore(before);
            return step();
        });
    }

    /// <summary>Answers copied from escaped strings double every backslash; outside matrices a double backslash never precedes a letter.</summary>
    private static string UndoubleBackslashes(string s)
    {
        if (!s.Contains(@"\\", StringComparison.Ordinal) || s.Contains(@"\begin", StringComparison.Ordinal))
        {
            return s;
        }
        var sb = new System.Text.StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 2 < s.Length && s[i + 1] == '\\' && char.IsAsciiLetter(s[i + 2]))
            {
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    /// <summary>"1000,99" and "0,111" are decimals written with a comma; "7,425" and "1, 2" are not.</summary>
    private static string NormalizeDecimalComma(string s)
    {
        int start = s.Length > 0 && s[0] == '-' ? 1 : 0;
        int comma = s.IndexOf(',', StringComparison.Ordinal);
        if (comma <= start || comma == s.Length - 1)
        {
            return s;
        }
        for (int i = start; i < s.Length; i++)
        {
            if (i != comma && !char.IsAsciiDigit(s[i]))
            {
                return s;
            }
        }
        int before = comma - start;
        int after = s.Length - comma - 1;
        // One digit after the comma is a list ("-2,1"); three is a thousands group unless the number starts with 0.
        bool decimalComma = (after >= 2 && after != 3) || (after >= 2 && before > 3) || (s[start] == '0' && before == 1);
        return decimalComma ? string.Concat(s.AsSpan(0, comma), ".", s.AsSpan(comma + 1)) : s;
    }
}
