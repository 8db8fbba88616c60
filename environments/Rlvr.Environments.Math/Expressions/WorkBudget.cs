namespace Rlvr.Environments.Math.Expressions;

/// <summary>Counts work units for one verification; throws <see cref="WorkBudgetExceededException"/> when spent.</summary>
internal sealed class WorkBudget
{
    private long remaining;

    public WorkBudget(long units, long maxBits)
    {
        remaining = units;
        MaxBits = maxBits;
    }

    /// <summary>Units left; <see cref="Restore"/> resets to a value read here, so a retried step costs the same.</summary>
    public long Remaining => remaining;

    /// <summary>Largest exact number (numerator plus denominator bits) worth computing.</summary>
    public long MaxBits { get; }

    public void Spend(long units, string what)
    {
        remaining -= units;
        if (remaining < 0)
        {
            throw new WorkBudgetExceededException("work budget exhausted while " + what);
        }
    }

    public void Restore(long units) => remaining = units;
}
