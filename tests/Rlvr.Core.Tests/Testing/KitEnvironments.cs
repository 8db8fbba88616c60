using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Core.Tests.Testing;

/// <summary>A small arithmetic problem for the kit's tests.</summary>
internal sealed record KitProblem(string Question, [property: Reference] string Answer);

/// <summary>Environments for the kit's tests: one sound, the rest carrying one bug each. Internal, so the
/// environment registry (which lists public environment types) never sees them.</summary>
internal static class KitEnvironments
{
    public static readonly KitProblem Half = new("What is 5 / 2?", "2.5");
    public static readonly KitProblem Thousand = new("What is 1000 * 16?", "16000");

    public static string Tagged(string answer) => $"Let me think.\n<answer>{answer}</answer>";

    /// <summary>Extracts one tagged answer after the thinking and compares decimals parsed invariantly.</summary>
    public static Reward ScoreSoundly(KitProblem problem, Completion completion)
    {
        var answer = AnswerExtractor.Tagged(AnswerExtractor.StripThinking(completion.Text));
        if (answer.Status == ExtractionStatus.Conflict)
        {
            return Reward.Wrong(Reasons.ConflictingAnswers);
        }

        if (answer.Value is null)
        {
            return Reward.Wrong(Reasons.NoAnswer);
        }

        if (!decimal.TryParse(problem.Answer, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal expected))
        {
            return Reward.Unscorable(Reasons.BadReference);
        }

        return decimal.TryParse(answer.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal actual)
            ? (actual == expected ? Reward.Correct() : Reward.Wrong())
            : Reward.Wrong(Reasons.Unparseable);
    }
}

/// <summary>Base of the kit's test environments: the prompt asks for an answer in tags.</summary>
internal abstract class KitEnvironment : Environment<KitProblem>
{
    /// <inheritdoc />
    public override string Version => "1";

    /// <inheritdoc />
    public override string RenderPrompt(KitProblem problem) =>
        $"{problem.Question}\nPut only the final answer between <answer></answer> tags.";
}

/// <summary>Sound: one tagged answer after thinking, parsed invariantly.</summary>
internal sealed class SoundKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/sound";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>(KitEnvironments.ScoreSoundly);
}

/// <summary>Bug: containment decides correctness (RLVR1001).</summary>
internal sealed class ContainsKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/contains";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>(
        (problem, completion) => completion.Text.Contains("<answer>" + problem.Answer + "</answer>") ? Reward.Correct() : Reward.Wrong());
}

/// <summary>Bug: the answer is parsed with the current culture (RLVR2002), so de-DE reads "2.5" as 25.</summary>
internal sealed class CultureKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/culture";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>((problem, completion) =>
    {
        var answer = AnswerExtractor.Tagged(AnswerExtractor.StripThinking(completion.Text));
        return answer.Value is not null
            && double.TryParse(answer.Value, out double actual)
            && actual == double.Parse(problem.Answer, CultureInfo.InvariantCulture)
            ? Reward.Correct()
            : Reward.Wrong();
    });
}

/// <summary>Bug: a completion without a parseable answer gets full marks (RLVR1003).</summary>
internal sealed class FailOpenKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/fail-open";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>((problem, completion) =>
    {
        var answer = AnswerExtractor.Tagged(AnswerExtractor.StripThinking(completion.Text));
        try
        {
            return decimal.Parse(answer.Value ?? string.Empty, CultureInfo.InvariantCulture) == decimal.Parse(problem.Answer, CultureInfo.InvariantCulture)
                ? Reward.Correct()
                : Reward.Wrong();
        }
        catch (FormatException)
        {
            return Reward.Correct();
        }
    });
}

/// <summary>Bug: a reward that depends on earlier calls (RLVR3006): an answer already seen is marked down as a
/// duplicate, so the same completion scores differently the second time.</summary>
internal sealed class SharedStateKitEnvironment : KitEnvironment
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);

    /// <summary>Creates the environment.</summary>
    public SharedStateKitEnvironment()
    {
        Rubric = Verifier.Create<KitProblem>((problem, completion) =>
        {
            lock (seen)
            {
                return seen.Add(problem.Question + completion.Text) ? KitEnvironments.ScoreSoundly(problem, completion) : Reward.Wrong("duplicate");
            }
        });
    }

    /// <inheritdoc />
    public override string Name => "kit/shared-state";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; }
}

/// <summary>Bug: throws on long completions, which the engine turns into an infrastructure error.</summary>
internal sealed class FragileKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/fragile";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>((problem, completion) =>
        completion.Text.Length > 10_000
            ? throw new InvalidOperationException("completion too long")
            : KitEnvironments.ScoreSoundly(problem, completion));
}

/// <summary>Bug: a judge-style verifier that trusts a verdict line written by the candidate (RLVR1002).</summary>
internal sealed class GullibleKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/gullible";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>((problem, completion) =>
        completion.Text.Contains("CORRECT", StringComparison.OrdinalIgnoreCase)
            ? Reward.Correct()
            : KitEnvironments.ScoreSoundly(problem, completion));
}

/// <summary>Bug: case-insensitive matching with the current culture (RLVR2002): under tr-TR "QUIT".ToLower() is "quıt".</summary>
internal sealed class CaseKitEnvironment : KitEnvironment
{
    /// <inheritdoc />
    public override string Name => "kit/case";

    /// <inheritdoc />
    public override IVerifier<KitProblem> Rubric { get; } = Verifier.Create<KitProblem>((problem, completion) =>
    {
        var answer = AnswerExtractor.Tagged(AnswerExtractor.StripThinking(completion.Text));
        return answer.Value is not null && string.Equals(answer.Value.ToLower(), problem.Answer, StringComparison.Ordinal)
            ? Reward.Correct()
            : Reward.Wrong();
    });
}
