namespace Rlvr.Core;

/// <summary>Creates verifiers from delegates.</summary>
public static class Verifier
{
    /// <summary>A verifier from an asynchronous delegate.</summary>
    /// <typeparam name="TProblem">The problem type.</typeparam>
    /// <param name="score">The reward function.</param>
    public static IVerifier<TProblem> Create<TProblem>(Func<TProblem, Completion, ScoringContext, ValueTask<Reward>> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateVerifier<TProblem>(score);
    }

    /// <summary>A verifier from a synchronous delegate (pure functions such as answer matching).</summary>
    /// <typeparam name="TProblem">The problem type.</typeparam>
    /// <param name="score">The reward function.</param>
    public static IVerifier<TProblem> Create<TProblem>(Func<TProblem, Completion, Reward> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new DelegateVerifier<TProblem>((p, c, _) => new ValueTask<Reward>(score(p, c)));
    }

    private sealed class DelegateVerifier<TProblem>(Func<TProblem, Completion, ScoringContext, ValueTask<Reward>> score)
        : IVerifier<TProblem>
    {
        public ValueTask<Reward> ScoreAsync(TProblem problem, Completion completion, ScoringContext context) =>
            score(problem, completion, context);
    }
}
