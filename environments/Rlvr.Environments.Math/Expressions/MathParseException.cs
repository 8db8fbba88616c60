namespace Rlvr.Environments.Math.Expressions;

/// <summary>The answer is not in a syntax the parser understands.</summary>
internal sealed class MathParseException : Exception
{
    public MathParseException(string message)
        : base(message)
    {
    }

    public MathParseException()
    {
    }

    public MathParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
