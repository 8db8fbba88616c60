using System.Runtime.CompilerServices;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>
/// Keeps the recursive parser, evaluator and comparer off the end of the stack. There is no nesting constant:
/// work runs on the caller's thread until the runtime reports that less than its safety margin of stack is left,
/// then the whole verification is repeated on a dedicated thread with <see cref="LargeStackBytes"/> of stack. How deep
/// an answer may nest is therefore set by its length (<see cref="MathEquivalenceOptions.MaxAnswerLength"/>) and the
/// work budget; only an answer deeper than the large stack holds ends as <c>budget_exceeded</c>.
/// </summary>
internal static class StackGuard
{
    /// <summary>
    /// Stack of the dedicated thread. A bracket level takes about 3.3 KB of stack in a Debug build (12 frames) and
    /// less in Release; 64 MB holds more than 19,000 levels, far beyond the 2,048 that 4,096 characters can nest.
    /// </summary>
    public const int LargeStackBytes = 64 * 1024 * 1024;

    [ThreadStatic]
    private static bool onLargeStack;

    /// <summary>Call at every level of recursion: throws when the stack is nearly exhausted.</summary>
    public static void Check()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw onLargeStack
                ? new WorkBudgetExceededException("nesting too deep")
                : new StackExhaustedException();
        }
    }

    /// <summary>Runs <paramref name="work"/>; if it runs short of stack, runs it again on a thread with a large stack.</summary>
    public static T Run<T>(Func<T> work)
    {
        if (onLargeStack)
        {
            return work();
        }
        try
        {
            return work();
        }
        catch (StackExhaustedException)
        {
            (T Value, Exception? Error) outcome = default;
            var thread = new Thread(
                () =>
                {
                    onLargeStack = true;
                    try
                    {
                        outcome.Value = work();
                    }
                    catch (Exception ex)
                    {
                        // Handed back to the calling thread below, where it is rethrown unchanged.
                        outcome.Error = ex;
                    }
                },
                LargeStackBytes);
            thread.Start();
            thread.Join();
            if (outcome.Error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(outcome.Error);
            }
            return outcome.Value;
        }
    }

    /// <summary>Thrown on an ordinary thread whose stack ran short; never escapes <see cref="Run{T}"/>.</summary>
    private sealed class StackExhaustedException : Exception
    {
        public StackExhaustedException()
            : base("stack exhausted")
        {
        }
    }
}
