using Rlvr.Core;

[assembly: RlvrEnvironments(typeof(Rlvr.Environments.Math.MathEnvironmentCatalog))]

namespace Rlvr.Environments.Math;

/// <summary>
/// Registers <c>math</c>, <c>math/gsm8k</c> and <c>math/math500</c> with their options (docs/configuration.md):
/// <c>format_weight</c> and the fields of <see cref="MathEquivalenceOptions"/> in snake_case.
/// </summary>
public sealed class MathEnvironmentCatalog : IEnvironmentCatalog
{
    /// <inheritdoc />
    public void Register(EnvironmentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry
            .Add("math", o => new MathEnvironment(Equivalence(o), FormatWeight(o)))
            .Add("math/gsm8k", o => new Gsm8kEnvironment(null, Equivalence(o), FormatWeight(o)))
            .Add("math/math500", o => new Math500Environment(null, Equivalence(o), FormatWeight(o)));
    }

    /// <summary>The weight of the format component, <c>format_weight</c> in [0, 100] (default 0: reported, not counted).</summary>
    /// <param name="options">The host's options.</param>
    public static double FormatWeight(EnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.GetDouble("format_weight", 0.0, 0.0, 100.0);
    }

    /// <summary>The comparison options bound from the host's options (defaults: <see cref="MathEquivalenceOptions.Default"/>).</summary>
    /// <param name="options">The host's options.</param>
    public static MathEquivalenceOptions Equivalence(EnvironmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var d = MathEquivalenceOptions.Default;
        return d with
        {
            FloatRounding = options.GetInt32("float_rounding", d.FloatRounding, 1, 30),
            Strict = options.GetBoolean("strict", d.Strict),
            AllowSetRelationComparison = options.GetBoolean("allow_set_relation_comparison", d.AllowSetRelationComparison),
            CombineSeparatedAnswers = options.GetBoolean("combine_separated_answers", d.CombineSeparatedAnswers),
            WorkBudget = options.GetInt64("work_budget", d.WorkBudget, 1_000, 1_000_000_000),
            MaxAnswerLength = options.GetInt32("max_answer_length", d.MaxAnswerLength, 16, 1_000_000),
            MaxExactBits = options.GetInt64("max_exact_bits", d.MaxExactBits, 64, 10_000_000),
        };
    }
}
