namespace Rlvr.Environments.Math.Expressions;

/// <summary>Counts work units for one verification; throws <see cref="WorkBudgetExceededException"/> when spent.</summary>
internal sealed class WorkBudget
{
    private long remaining;

    public WorkBudget(long units, int maxDepth, long maxBits)
    {
        remaining = units;
        MaxDepth = maxDepth;
        MaxBits = maxBits;
    }

    public int MaxDepth { get; }

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

    public void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw new WorkBudgetExceededException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"nesting deeper than {MaxDepth}"));
        }
    }
}
