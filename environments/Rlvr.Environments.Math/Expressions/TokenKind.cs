namespace Rlvr.Environments.Math.Expressions;

/// <summary>The kind of a <see cref="Token"/>.</summary>
internal enum TokenKind
{
    End,
    Number,
    Letters,
    Command,
    Char,
    Text,
    BeginEnv,
    EndEnv,
    Separator,
}
