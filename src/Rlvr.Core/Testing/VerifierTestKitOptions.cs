using Rlvr.Core.Sandboxing;

namespace Rlvr.Core.Testing;

/// <summary>How the <see cref="VerifierTestKit"/> checks an environment.</summary>
public sealed record VerifierTestKitOptions
{
    /// <summary>The checks to run. Default <see cref="VerifierChecks.All"/>.</summary>
    public VerifierChecks Checks { get; init; } = VerifierChecks.All;

    /// <summary>The most a probe may score when a sample has no <see cref="VerifierSample{TProblem}.Wrong"/>
    /// completion. Default 0; raise it only for environments that give partial credit to any answer.</summary>
    public double WrongAnswerCeiling { get; init; }

    /// <summary>The cultures under which rewards must not change. Default en-US, de-DE (decimal comma) and tr-TR
    /// (dotless i).</summary>
    public IReadOnlyList<string> Cultures { get; init; } = ["en-US", "de-DE", "tr-TR"];

    /// <summary>The deadline of one item; a probe that takes longer fails. Default 30 s.</summary>
    public TimeSpan ItemTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items scored at once in the parallel check. Default 4.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 4;

    /// <summary>Length of the <see cref="VerifierChecks.LongJunk"/> probe. Default 100,000 characters.</summary>
    public int JunkLength { get; init; } = 100_000;

    /// <summary>Seeds the shuffle of the parallel check. Default 20_240_601.</summary>
    public int ShuffleSeed { get; init; } = 20_240_601;

    /// <summary>Sandboxes for environments that run code; <see langword="null"/> when none is needed.</summary>
    public ISandboxProvider? Sandboxes { get; init; }

    /// <summary>The most failures listed per determinism check (the count is always reported). Default 5.</summary>
    public int MaxDifferencesListed { get; init; } = 5;

    internal void Validate()
    {
        if (!double.IsFinite(WrongAnswerCeiling) || WrongAnswerCeiling < 0 || WrongAnswerCeiling >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WrongAnswerCeiling), WrongAnswerCeiling, "Must be in [0, 1).");
        }

        if (MaxDegreeOfParallelism < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Must be at least 2 to test parallel scoring.");
        }

        if (JunkLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(JunkLength), JunkLength, "Must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Cultures);
    }
}
