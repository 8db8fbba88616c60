using System.Collections.Concurrent;
using Rlvr.Core;
using Rlvr.Core.Extraction;
using Rlvr.Environments.Math.Expressions;

namespace Rlvr.Environments.Math;

/// <summary>
/// Scores a completion 1 when its final answer is equivalent to the reference. Reference answers are parsed once
/// and cached. Answer faults are a scored 0 (<c>wrong_answer</c>, <c>no_answer</c>, <c>conflicting_answers</c>,
/// <c>unparseable</c>, <c>budget_exceeded</c>); a reference that cannot be used is <c>bad_reference</c> (unscorable).
/// </summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
public sealed class MathAnswerVerifier<TProblem> : IVerifier<TProblem>
{
    private const int CacheLimit = 10_000;
    private readonly Func<TProblem, string> reference;
    private readonly Func<TProblem, double?> tolerance;
    private readonly Func<TProblem, string?> question;
    private readonly MathEquivalenceOptions options;
    private readonly ConcurrentDictionary<(string, double?), ParsedReference> cache = new();

    /// <summary>Creates the verifier.</summary>
    /// <param name="reference">The reference answer of a problem.</param>
    /// <param name="tolerance">The declared relative tolerance of a problem, if any.</param>
    /// <param name="question">The question text, so a completion that only echoes it earns nothing from it.</param>
    /// <param name="options">Comparison options.</param>
    public MathAnswerVerifier(
        Func<TProblem, string> reference,
        Func<TProblem, double?>? tolerance = null,
        Func<TProblem, string?>? question = null,
        MathEquivalenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        this.reference = reference;
        this.tolerance = tolerance ?? (_ => null);
        this.question = question ?? (_ => null);
        this.options = options ?? MathEquivalenceOptions.Default;
    }

    /// <inheritdoc />
    public ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new ValueTask<Reward>(Score(problem, completion.Text));
    }

    /// <summary>Scores synchronously.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="completionText">The completion text.</param>
    /// <returns>The reward.</returns>
    public Reward Score(TProblem problem, string completionText)
    {
        ArgumentNullException.ThrowIfNull(completionText);
        string gold = reference(problem) ?? string.Empty;
        double? tol = tolerance(problem);
        if (tol is double t && (!double.IsFinite(t) || t < 0 || t >= 1))
        {
            return Reward.Unscorable(Reasons.BadReference, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"tolerance {t} is not in [0, 1)"));
        }
        var parsed = GetReference(gold, tol);
        if (parsed.Node is null)
        {
            return Reward.Unscorable(Reasons.BadReference, parsed.Error);
        }
        if (string.IsNullOrWhiteSpace(completionText))
        {
            return Reward.Wrong(Reasons.EmptyCompletion, "the completion is empty");
        }
        string text = WithoutEchoedQuestion(completionText, question(problem));
        var verdict = MathVerifier.VerifyParsed(parsed.Node, text, parsed.Options, parsed.Units);
        var reward = verdict.Status switch
        {
            MathVerdictStatus.Correct => Reward.Correct(),
            MathVerdictStatus.Wrong => Reward.Wrong(Reasons.WrongAnswer, verdict.Detail),
            MathVerdictStatus.NoAnswer => Reward.Wrong(Reasons.NoAnswer, verdict.Detail),
            MathVerdictStatus.ConflictingAnswers => Reward.Wrong(Reasons.ConflictingAnswers, verdict.Detail),
            MathVerdictStatus.Unparseable => Reward.Wrong(Reasons.Unparseable, verdict.Detail),
            MathVerdictStatus.BudgetExceeded => Reward.Wrong(Reasons.BudgetExceeded, verdict.Detail),
            _ => Reward.Unscorable(Reasons.BadReference, verdict.Detail),
        };
        return verdict.Answer is null ? reward : reward.WithEvidence("answer", verdict.Answer);
    }

    /// <summary>
    /// The final answer this verifier reads in a completion; the format component judges the same extraction, so the
    /// two components never disagree about what the answer was.
    /// </summary>
    internal ExtractedAnswer FinalAnswer(TProblem problem, string completionText)
    {
        double? tol = tolerance(problem);
        var opts = tol is double t && double.IsFinite(t) && t >= 0 && t < 1 ? options with { RelativeTolerance = t } : options;
        return MathVerifier.FinalAnswer(WithoutEchoedQuestion(completionText, question(problem)), opts);
    }

    /// <summary>A completion that pastes the question must not collect the numbers in it as its answer.</summary>
    private static string WithoutEchoedQuestion(string text, string? questionText)
    {
        if (questionText is null || questionText.Length < 20)
        {
            return text;
        }
        string q = questionText.Trim();
        return text.Contains(q, StringComparison.Ordinal) ? text.Replace(q, " ", StringComparison.Ordinal) : text;
    }

    private ParsedReference GetReference(string gold, double? tol)
    {
        if (cache.TryGetValue((gold, tol), out var hit))
        {
            return hit;
        }
        var opts = tol is null ? options : options with { RelativeTolerance = tol };
        ParsedReference parsed;
        try
        {
            var budget = MathVerifier.NewBudget(opts);
            parsed = MathVerifier.TryParseReference(gold, opts, budget, out var node, out string units, out string? why)
                ? new ParsedReference(node, units, opts, null)
                : new ParsedReference(null, string.Empty, opts, why ?? "the reference cannot be parsed");
        }
        catch (Exception ex) when (MathVerifier.IsInputFault(ex))
        {
            parsed = new ParsedReference(null, string.Empty, opts, ex.Message);
        }
        if (cache.Count >= CacheLimit)
        {
            cache.Clear();
        }
        cache[(gold, tol)] = parsed;
        return parsed;
    }

    private sealed record ParsedReference(MathNode? Node, string Units, MathEquivalenceOptions Options, string? Error);
}
