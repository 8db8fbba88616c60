namespace Rlvr.Scripting;

/// <summary>An environment script did not compile or did not produce an environment; lists the errors by line.</summary>
public sealed class ScriptCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The script.</param>
    /// <param name="errors">The errors, by line.</param>
    public ScriptCompilationException(string path, IReadOnlyList<ScriptDiagnostic> errors)
        : base($"{path} does not compile:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, errors)}")
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a single message.</summary>
    /// <param name="message">What is wrong.</param>
    public ScriptCompilationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception.</summary>
    public ScriptCompilationException()
        : this("The environment script failed.")
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScriptCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>The compile errors, by line.</summary>
    public IReadOnlyList<ScriptDiagnostic> Errors { get; }
}
