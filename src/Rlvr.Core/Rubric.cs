using System.Collections.Immutable;

namespace Rlvr.Core;

/// <summary>
/// Weighted verifiers plus unweighted metrics, itself a verifier. The value is the weighted mean of the
/// components (so it stays in [0, 1]); each component is reported by name.
/// </summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
/// <remarks>
/// If any weighted component is <see cref="Outcome.InfraError"/> the whole reward is (retryable); otherwise if
/// any is <see cref="Outcome.Unscorable"/> the whole reward is. A scored rubric reward takes its reason from
/// the first component (the primary verifier).
/// </remarks>
public sealed class Rubric<TProblem> : IVerifier<TProblem>
{
    private readonly ImmutableArray<RubricEntry<TProblem>> entries;
    private readonly ImmutableArray<(string Name, Func<TProblem, Completion, double> Metric)> metrics;
    private readonly double totalWeight;

    internal Rubric(
        ImmutableArray<RubricEntry<TProblem>> entries,
        ImmutableArray<(string Name, Func<TProblem, Completion, double> Metric)> metrics)
    {
        this.entries = entries;
        this.metrics = metrics;
        totalWeight = entries.Sum(e => e.Weight);
    }

    /// <summary>The weighted verifiers, in the order they were added.</summary>
    public ImmutableArray<RubricEntry<TProblem>> Entries => entries;

    /// <summary>Starts building a rubric.</summary>
    public static RubricBuilder<TProblem> CreateBuilder() => new();

    /// <summary>A rubric of one verifier with weight 1.</summary>
    /// <param name="name">Component name.</param>
    /// <param name="verifier">The verifier.</param>
    public static Rubric<TProblem> Single(string name, IVerifier<TProblem> verifier) =>
        CreateBuilder().Add(name, verifier).Build();

    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (entries.Length == 1 && metrics.IsEmpty)
        {
            var only = await entries[0].Verifier.ScoreAsync(problem, completion, context).ConfigureAwait(false);
            return only.IsScored ? only.WithComponent(entries[0].Name, only.Value) : only;
        }

        var parts = new Reward[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            parts[i] = await entries[i].Verifier.ScoreAsync(problem, completion, context).ConfigureAwait(false);
        }

        return Combine(problem, completion, parts);
    }

    private Reward Combine(TProblem problem, Completion completion, Reward[] parts)
    {
        Reward? failed = Array.Find(parts, p => p.Outcome == Outcome.InfraError)
            ?? Array.Find(parts, p => p.Outcome == Outcome.Unscorable);
        if (failed is not null)
        {
            int index = Array.IndexOf(parts, failed);
            return failed.WithDetail($"component '{entries[index].Name}': {failed.Detail ?? failed.Reason}");
        }

        double sum = 0;
        var components = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var metricValues = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        var evidence = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        for (int i = 0; i < parts.Length; i++)
        {
            var entry = entries[i];
            sum += entry.Weight * parts[i].Value;
            components[entry.Name] = parts[i].Value;
            foreach (var (key, value) in parts[i].Metrics)
            {
                metricValues[i == 0 ? key : $"{entry.Name}.{key}"] = value;
            }

            foreach (var (key, value) in parts[i].Evidence)
            {
                evidence[i == 0 ? key : $"{entry.Name}.{key}"] = value;
            }
        }

        foreach (var (name, metric) in metrics)
        {
            double value = metric(problem, completion);
            if (double.IsFinite(value))
            {
                metricValues[name] = value;
            }
        }

        // Guards against rounding pushing a weighted mean of values in [0, 1] just outside it.
        double mean = Math.Clamp(sum / totalWeight, 0.0, 1.0);
        return Reward.Scored(mean, parts[0].Reason)
            .WithDetail(parts[0].Detail)
            .WithParts(components.ToImmutable(), metricValues.ToImmutable(), evidence.ToImmutable());
    }
}
