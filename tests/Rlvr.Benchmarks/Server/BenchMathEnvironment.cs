using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Benchmarks.Server;

/// <summary>A math problem for the load test: a boxed integer answer.</summary>
public sealed record BenchMathProblem([property: Reference] string Answer);

/// <summary>
/// A small deterministic math environment for the server load test (the full math environment is on another branch):
/// the last <c>\boxed{}</c> answer is compared to the reference as an exact rational.
/// </summary>
public sealed class BenchMathEnvironment : Environment<BenchMathProblem>
{
    public override string Name => "bench/math";

    public override string Version => "1.0.0";

    public override IVerifier<BenchMathProblem> Rubric { get; } = Verifier.Create<BenchMathProblem>((problem, completion) =>
    {
        var answer = AnswerExtractor.Boxed(AnswerExtractor.StripThinking(completion.Text));
        if (answer.Status != ExtractionStatus.Found || answer.Value is null)
        {
            return Reward.Wrong(Reasons.NoAnswer);
        }

        if (!decimal.TryParse(problem.Answer, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal expected))
        {
            return Reward.Unscorable(Reasons.BadReference);
        }

        return decimal.TryParse(answer.Value.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal given)
            ? (given == expected ? Reward.Correct() : Reward.Wrong())
            : Reward.Wrong(Reasons.Unparseable);
    });

    public override string RenderPrompt(BenchMathProblem problem) => "Compute.";
}
