namespace Rlvr.Environments.Math.Expressions;

/// <summary>A relation operator in an equation, inequality or membership.</summary>
internal enum RelationOp
{
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    NotEqual,
    Element,
    Approximately,
}
