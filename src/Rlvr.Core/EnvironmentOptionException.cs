namespace Rlvr.Core;

/// <summary>An environment option that is unknown, of the wrong type or out of range; the message names both.</summary>
public sealed class EnvironmentOptionException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="option">The option.</param>
    /// <param name="problem">What is wrong with it.</param>
    public EnvironmentOptionException(string environment, string option, string problem)
        : base($"environment '{environment}', option '{option}': {problem}")
    {
        Environment = environment;
        Option = option;
    }

    /// <summary>Creates the exception.</summary>
    public EnvironmentOptionException()
        : this(string.Empty, string.Empty, "invalid option")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public EnvironmentOptionException(string message)
        : base(message)
    {
        Environment = string.Empty;
        Option = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EnvironmentOptionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Environment = string.Empty;
        Option = string.Empty;
    }

    /// <summary>The environment.</summary>
    public string Environment { get; }

    /// <summary>The option.</summary>
    public string Option { get; }
}
