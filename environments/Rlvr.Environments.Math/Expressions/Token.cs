namespace Rlvr.Environments.Math.Expressions;

/// <summary>A lexical token of an answer.</summary>
internal struct Token
{
    public TokenKind Kind;

    /// <summary>The character of a <see cref="TokenKind.Char"/> token (normalized: '≤', '*', '⦃' for <c>\{</c> ...).</summary>
    public char Ch;

    /// <summary>Command name, letters, text content or environment name.</summary>
    public string Text;

    public Rational Value;

    public int DecimalDigits;

    /// <summary>Digits of an exact integer literal, so <c>\frac13</c> can take one digit at a time.</summary>
    public string? Digits;
}
