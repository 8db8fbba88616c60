namespace Rlvr.Core;

/// <summary>A problem could not be read; <see cref="Field"/> names the offending JSON path where known.</summary>
public sealed class ProblemFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The JSON path of the offending field (e.g. <c>$.answer</c>), or <see langword="null"/>.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ProblemFormatException(string? field, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public ProblemFormatException()
        : this(null, "The problem is malformed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ProblemFormatException(string message)
        : this(null, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ProblemFormatException(string message, Exception? innerException)
        : this(null, message, innerException)
    {
    }

    /// <summary>The JSON path of the offending field, or <see langword="null"/>.</summary>
    public string? Field { get; }
}
