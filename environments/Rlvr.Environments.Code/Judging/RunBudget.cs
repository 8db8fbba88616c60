namespace Rlvr.Environments.Code.Judging;

/// <summary>
/// The time a verifier gives one sample's tests, all together. Each test has its own limit; the run as a whole gets
/// one full per-test limit plus, for every test, what a correct program needs (for function tasks three times the
/// reference's time in the planner plus a constant; for stdin/stdout tasks a quarter of the limit plus a constant),
/// capped by <see cref="CodeOptions.MaxRunTime"/>. The runner stops at the budget and charges the tests not run as
/// failed (<c>time_limit</c>), so a program that sleeps just under every test's limit costs about the budget, never
/// the host's item deadline.
/// </summary>
internal static class RunBudget
{
    /// <summary>What a test costs besides the program's own work: forking, loading the module, writing the result.</summary>
    public static readonly TimeSpan PerTestOverhead = TimeSpan.FromMilliseconds(500);

    /// <summary>The budget for tests with the given per-test allowances.</summary>
    /// <param name="perTestLimit">One test's limit.</param>
    /// <param name="allowances">What each test may take in a correct run (each is capped at <paramref name="perTestLimit"/>).</param>
    /// <param name="options">Gives the cap.</param>
    /// <returns>The run's budget.</returns>
    public static TimeSpan For(TimeSpan perTestLimit, IEnumerable<TimeSpan> allowances, CodeOptions options)
    {
        double seconds = perTestLimit.TotalSeconds + allowances.Sum(a => Math.Min(a.TotalSeconds, perTestLimit.TotalSeconds));
        return TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(options.MaxRunTime.TotalSeconds, perTestLimit.TotalSeconds)));
    }

    /// <summary>The allowance of a function test whose reference took <paramref name="referenceMilliseconds"/>.</summary>
    public static TimeSpan ForFunctionTest(long referenceMilliseconds) =>
        TimeSpan.FromMilliseconds(3 * referenceMilliseconds) + PerTestOverhead;

    /// <summary>The allowance of a stdin/stdout test with per-test limit <paramref name="perTestLimit"/>.</summary>
    public static TimeSpan ForStdioTest(TimeSpan perTestLimit) =>
        (perTestLimit / 4) + PerTestOverhead;

    /// <summary>The exec's own timeout: the budget plus room for the runner itself, so the runner always answers first.</summary>
    public static TimeSpan ExecTimeout(TimeSpan budget, TimeSpan perTestLimit) => budget + perTestLimit + TimeSpan.FromSeconds(10);
}
