namespace Rlvr.Environments.Cyber.Patching;

/// <summary>A diff is malformed or does not apply.</summary>
public sealed class PatchFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PatchFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, with the diff line where known.</param>
    public PatchFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public PatchFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
