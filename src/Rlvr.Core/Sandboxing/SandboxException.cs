namespace Rlvr.Core.Sandboxing;

/// <summary>
/// The sandbox infrastructure failed (daemon unreachable, image missing, container died). The scoring engine
/// reports it as <see cref="Outcome.InfraError"/> with <see cref="Reason"/>, never as a wrong answer.
/// </summary>
public class SandboxException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">Machine-readable reason, e.g. <c>docker_unreachable</c>.</param>
    /// <param name="message">What failed and what to do about it.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SandboxException(string reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        Reason = reason;
    }

    /// <summary>Creates the exception with the generic <c>sandbox_error</c> reason.</summary>
    public SandboxException()
        : this(Reasons.SandboxError, "The sandbox failed.")
    {
    }

    /// <summary>Creates the exception with the generic <c>sandbox_error</c> reason.</summary>
    /// <param name="message">What failed.</param>
    public SandboxException(string message)
        : this(Reasons.SandboxError, message)
    {
    }

    /// <summary>Creates the exception with the generic <c>sandbox_error</c> reason.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public SandboxException(string message, Exception? innerException)
        : this(Reasons.SandboxError, message, innerException)
    {
    }

    /// <summary>The machine-readable reason reported in <see cref="Reward.Reason"/>.</summary>
    public string Reason { get; }
}
