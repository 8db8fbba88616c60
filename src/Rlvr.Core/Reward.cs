using System.Collections.Immutable;

namespace Rlvr.Core;

/// <summary>
/// The result of scoring one completion: an immutable value with a finite <see cref="Value"/> in [0, 1],
/// an <see cref="Outcome"/>, a machine-readable <see cref="Reason"/>, and optional sub-scores, metrics and evidence.
/// </summary>
/// <remarks>
/// Rewards that are not <see cref="Outcome.Scored"/> carry <see cref="Value"/> 0 but must never be used
/// as a training signal: every trainer protocol maps them to its own "skip".
/// </remarks>
public sealed class Reward
{
    private static readonly ImmutableDictionary<string, double> EmptyNumbers =
        ImmutableDictionary.Create<string, double>(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<string, object?> EmptyEvidence =
        ImmutableDictionary.Create<string, object?>(StringComparer.Ordinal);

    private Reward(
        double value,
        Outcome outcome,
        string reason,
        string? detail,
        ImmutableDictionary<string, double> components,
        ImmutableDictionary<string, double> metrics,
        ImmutableDictionary<string, object?> evidence)
    {
        Value = value;
        Outcome = outcome;
        Reason = reason;
        Detail = detail;
        Components = components;
        Metrics = metrics;
        Evidence = evidence;
    }

    /// <summary>The reward, finite and in [0, 1]. Always 0 unless <see cref="Outcome"/> is <see cref="Outcome.Scored"/>.</summary>
    public double Value { get; }

    /// <summary>Whether this is a judgement, an unscorable problem, or an infrastructure failure.</summary>
    public Outcome Outcome { get; }

    /// <summary>A short machine code such as <c>wrong_answer</c> or <c>time_limit</c> (see <see cref="Reasons"/>).</summary>
    public string Reason { get; }

    /// <summary>A human-readable explanation, mostly for non-scored outcomes; <see langword="null"/> when none.</summary>
    public string? Detail { get; }

    /// <summary>Named sub-scores in [0, 1] (for a rubric, one per weighted verifier).</summary>
    public ImmutableDictionary<string, double> Components { get; }

    /// <summary>Named finite numbers that are reported but never weighted into <see cref="Value"/>.</summary>
    public ImmutableDictionary<string, double> Metrics { get; }

    /// <summary>Supporting facts (per-test results, sanitizer report...), serialisable to JSON.</summary>
    public ImmutableDictionary<string, object?> Evidence { get; }

    /// <summary><see langword="true"/> when this reward may feed training.</summary>
    public bool IsScored => Outcome == Outcome.Scored;

    /// <summary>A judgement with the given value.</summary>
    /// <param name="value">Finite, in [0, 1].</param>
    /// <param name="reason">Machine-readable reason code.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN, infinite or outside [0, 1].</exception>
    public static Reward Scored(double value, string reason)
    {
        CheckUnit(value, nameof(value));
        return new Reward(value, Outcome.Scored, CheckReason(reason), null, EmptyNumbers, EmptyNumbers, EmptyEvidence);
    }

    /// <summary>A scored 1.</summary>
    /// <param name="reason">Machine-readable reason code.</param>
    public static Reward Correct(string reason = Reasons.Correct) => Scored(1.0, reason);

    /// <summary>A scored 0.</summary>
    /// <param name="reason">Machine-readable reason code, e.g. <see cref="Reasons.WrongAnswer"/>.</param>
    /// <param name="detail">Optional human-readable explanation.</param>
    public static Reward Wrong(string reason = Reasons.WrongAnswer, string? detail = null) =>
        new(0.0, Outcome.Scored, CheckReason(reason), detail, EmptyNumbers, EmptyNumbers, EmptyEvidence);

    /// <summary>The problem cannot be judged (bad reference, no tests). Not a training signal.</summary>
    /// <param name="reason">Machine-readable reason code.</param>
    /// <param name="detail">What is wrong with the problem.</param>
    public static Reward Unscorable(string reason, string? detail = null) =>
        new(0.0, Outcome.Unscorable, CheckReason(reason), detail, EmptyNumbers, EmptyNumbers, EmptyEvidence);

    /// <summary>The infrastructure failed. Not a training signal; the engine retries it.</summary>
    /// <param name="reason">Machine-readable reason code.</param>
    /// <param name="detail">What failed and, where possible, what to do about it.</param>
    public static Reward InfraError(string reason, string? detail = null) =>
        new(0.0, Outcome.InfraError, CheckReason(reason), detail, EmptyNumbers, EmptyNumbers, EmptyEvidence);

    /// <summary>A copy with one more named sub-score.</summary>
    /// <param name="name">Component name.</param>
    /// <param name="value">Finite, in [0, 1].</param>
    public Reward WithComponent(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        CheckUnit(value, nameof(value));
        return new Reward(Value, Outcome, Reason, Detail, Components.SetItem(name, value), Metrics, Evidence);
    }

    /// <summary>A copy with one more metric (reported, not weighted).</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="value">Any finite number.</param>
    public Reward WithMetric(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Metric '{name}' must be finite.");
        }

        return new Reward(Value, Outcome, Reason, Detail, Components, Metrics.SetItem(name, value), Evidence);
    }

    /// <summary>A copy with one more piece of evidence.</summary>
    /// <param name="name">Evidence key.</param>
    /// <param name="value">A JSON-serialisable value.</param>
    public Reward WithEvidence(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Reward(Value, Outcome, Reason, Detail, Components, Metrics, Evidence.SetItem(name, value));
    }

    /// <summary>A copy with the given human-readable detail.</summary>
    /// <param name="detail">The explanation.</param>
    public Reward WithDetail(string? detail) =>
        new(Value, Outcome, Reason, detail, Components, Metrics, Evidence);

    internal Reward WithParts(
        ImmutableDictionary<string, double> components,
        ImmutableDictionary<string, double> metrics,
        ImmutableDictionary<string, object?> evidence) =>
        new(Value, Outcome, Reason, Detail, components, metrics, evidence);

    /// <inheritdoc />
    public override string ToString() =>
        Outcome == Outcome.Scored
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Value:0.###} ({Reason})")
            : $"{Outcome} ({Reason}){(Detail is null ? string.Empty : ": " + Detail)}";

    private static void CheckUnit(double value, string paramName)
    {
        if (!double.IsFinite(value) || value < 0.0 || value > 1.0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "A reward must be a finite number in [0, 1].");
        }
    }

    private static string CheckReason(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return reason;
    }
}
