namespace Rlvr.Environments.Math.Expressions;

/// <summary>A verification ran out of its work budget.</summary>
internal sealed class WorkBudgetExceededException : Exception
{
    public WorkBudgetExceededException(string message)
        : base(message)
    {
    }

    public WorkBudgetExceededException()
    {
    }

    public WorkBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
