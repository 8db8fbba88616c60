using System.Collections.Immutable;

namespace Rlvr.Core;

/// <summary>Builds a <see cref="Rubric{TProblem}"/>; weights and names are validated by <see cref="Build"/>.</summary>
/// <typeparam name="TProblem">The problem type.</typeparam>
public sealed class RubricBuilder<TProblem>
{
    private readonly List<RubricEntry<TProblem>> entries = [];
    private readonly List<(string, Func<TProblem, Completion, double>)> metrics = [];

    /// <summary>Adds a weighted verifier. The first one added is the primary: its reason names the reward.</summary>
    /// <param name="name">Component name, unique within the rubric.</param>
    /// <param name="verifier">The verifier.</param>
    /// <param name="weight">Finite, non-negative weight. Default 1.</param>
    /// <returns>This builder.</returns>
    public RubricBuilder<TProblem> Add(string name, IVerifier<TProblem> verifier, double weight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        entries.Add(new RubricEntry<TProblem>(name, verifier, weight));
        return this;
    }

    /// <summary>Adds a weighted synchronous reward function.</summary>
    /// <param name="name">Component name, unique within the rubric.</param>
    /// <param name="score">The reward function.</param>
    /// <param name="weight">Finite, non-negative weight. Default 1.</param>
    /// <returns>This builder.</returns>
    public RubricBuilder<TProblem> Add(string name, Func<TProblem, Completion, Reward> score, double weight = 1.0) =>
        Add(name, Verifier.Create(score), weight);

    /// <summary>Adds a metric: reported in <see cref="Reward.Metrics"/>, never weighted into the value.</summary>
    /// <param name="name">Metric name.</param>
    /// <param name="metric">Computes the metric; non-finite results are dropped.</param>
    /// <returns>This builder.</returns>
    public RubricBuilder<TProblem> AddMetric(string name, Func<TProblem, Completion, double> metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        metrics.Add((name, metric));
        return this;
    }

    /// <summary>Validates and builds the rubric.</summary>
    /// <exception cref="InvalidOperationException">No verifier, a weight that is negative or not finite, all weights 0, or a duplicate or empty name.</exception>
    public Rubric<TProblem> Build()
    {
        if (entries.Count == 0)
        {
            throw new InvalidOperationException("A rubric needs at least one verifier.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                throw new InvalidOperationException("Every rubric component needs a name.");
            }

            if (!double.IsFinite(entry.Weight) || entry.Weight < 0)
            {
                throw new InvalidOperationException($"Rubric component '{entry.Name}' has weight {entry.Weight}; weights must be finite and non-negative.");
            }

            if (!names.Add(entry.Name))
            {
                throw new InvalidOperationException($"Rubric component name '{entry.Name}' is used twice.");
            }
        }

        foreach (var (name, _) in metrics)
        {
            if (string.IsNullOrWhiteSpace(name) || !names.Add(name))
            {
                throw new InvalidOperationException($"Rubric metric name '{name}' is empty or already used.");
            }
        }

        if (entries.TrueForAll(e => e.Weight == 0))
        {
            throw new InvalidOperationException("At least one rubric component needs a positive weight.");
        }

        return new Rubric<TProblem>([.. entries], [.. metrics]);
    }
}
