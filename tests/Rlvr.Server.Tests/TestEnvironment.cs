using System.Globalization;
using Rlvr.Core;
using Rlvr.Core.Extraction;

namespace Rlvr.Server.Tests;

/// <summary>A problem of <see cref="TestEnvironment"/>: the expected number, and how long scoring takes.</summary>
public sealed record TestProblem(string Answer, int DelayMs = 0, string? Gate = null);

/// <summary>
/// A small deterministic environment: the last number of the completion must equal the answer. Answer
/// <c>broken</c> is unscorable; a completion containing <c>INFRA</c> throws (an infrastructure failure); a delay keeps items in the queue.
/// </summary>
public sealed class TestEnvironment : Environment<TestProblem>
{
    public const string EnvironmentName = "test/number";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> Gates = new(StringComparer.Ordinal);

    /// <summary>Items whose problem names <paramref name="gate"/> wait until it is opened.</summary>
    public static void Open(string gate) => GateFor(gate).TrySetResult();

    /// <summary>Waits until <paramref name="gate"/> is opened.</summary>
    public static Task WaitAsync(string gate, CancellationToken cancellationToken) => GateFor(gate).Task.WaitAsync(cancellationToken);

    public override string Name => EnvironmentName;

    public override string Version => "1.2.3";

    public override IVerifier<TestProblem> Rubric { get; } = Verifier.Create<TestProblem>(async (problem, completion, context) =>
    {
        if (problem.Gate is not null)
        {
            await GateFor(problem.Gate).Task.WaitAsync(context.CancellationToken);
        }

        if (problem.DelayMs > 0)
        {
            await Task.Delay(problem.DelayMs, context.CancellationToken);
        }

        if (completion.Text.Contains("INFRA", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("simulated infrastructure failure");
        }

        if (problem.Answer == "broken")
        {
            return Reward.Unscorable(Reasons.BadReference, "the reference is broken");
        }

        var extracted = AnswerExtractor.LastNumber(completion.Text);
        if (extracted.Status != ExtractionStatus.Found)
        {
            return Reward.Wrong(Reasons.NoAnswer);
        }

        return string.Equals(extracted.Value, problem.Answer, StringComparison.Ordinal)
            ? Reward.Correct().WithComponent("accuracy", 1)
            : Reward.Wrong().WithComponent("accuracy", 0);
    });

    public override string RenderPrompt(TestProblem problem) => "Give a number.";

    private static TaskCompletionSource GateFor(string gate) =>
        Gates.GetOrAdd(gate, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public override string? GetProblemId(TestProblem problem) => "answer-" + problem.Answer;

    protected override IEnumerable<TestProblem> LoadProblems() =>
        Enumerable.Range(1, 5).Select(i => new TestProblem(i.ToString(CultureInfo.InvariantCulture)));
}
