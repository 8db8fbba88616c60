namespace Rlvr.Core;

/// <summary>Well-known machine-readable reason codes for <see cref="Reward.Reason"/>.</summary>
/// <remarks>Reasons are short snake_case codes; environments may add their own.</remarks>
public static class Reasons
{
    /// <summary>The completion is judged correct.</summary>
    public const string Correct = "correct";

    /// <summary>The completion was judged partly correct (partial credit).</summary>
    public const string Partial = "partial";

    /// <summary>An answer was found and it is wrong.</summary>
    public const string WrongAnswer = "wrong_answer";

    /// <summary>No final answer could be found in the completion.</summary>
    public const string NoAnswer = "no_answer";

    /// <summary>Several different final answers were given.</summary>
    public const string ConflictingAnswers = "conflicting_answers";

    /// <summary>The completion is empty.</summary>
    public const string EmptyCompletion = "empty_completion";

    /// <summary>The completion's answer could not be parsed.</summary>
    public const string Unparseable = "unparseable";

    /// <summary>The completion does not follow the required format.</summary>
    public const string FormatError = "format_error";

    /// <summary>The candidate program ran past its time limit.</summary>
    public const string TimeLimit = "time_limit";

    /// <summary>The candidate program ran out of memory.</summary>
    public const string MemoryLimit = "memory_limit";

    /// <summary>The candidate program crashed or raised.</summary>
    public const string RuntimeError = "runtime_error";

    /// <summary>The candidate program did not compile.</summary>
    public const string CompileError = "compile_error";

    /// <summary>The candidate's output exceeded the output cap.</summary>
    public const string OutputLimit = "output_limit";

    /// <summary>The reference answer or test set is missing or unusable (<see cref="Outcome.Unscorable"/>).</summary>
    public const string BadReference = "bad_reference";

    /// <summary>The problem has no tests (<see cref="Outcome.Unscorable"/>).</summary>
    public const string NoTests = "no_tests";

    /// <summary>Scoring did not finish before the item's deadline (<see cref="Outcome.InfraError"/>).</summary>
    public const string VerifierTimeout = "verifier_timeout";

    /// <summary>The caller's batch deadline (a server request's) passed before the item was scored (<see cref="Outcome.InfraError"/>).</summary>
    public const string RequestTimeout = "request_timeout";

    /// <summary>The sandbox could not be reached or failed (<see cref="Outcome.InfraError"/>).</summary>
    public const string SandboxError = "sandbox_error";

    /// <summary>Prefix of the reason given when a verifier throws; the exception type follows.</summary>
    public const string ExceptionPrefix = "exception:";

    /// <summary>The verifier's work budget ran out before a verdict (<see cref="Outcome.Unscorable"/> or a scored 0, per verifier).</summary>
    public const string BudgetExceeded = "budget_exceeded";
}
