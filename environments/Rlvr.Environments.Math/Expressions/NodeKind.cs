namespace Rlvr.Environments.Math.Expressions;

/// <summary>The kind of a <see cref="MathNode"/>.</summary>
internal enum NodeKind
{
    Number,
    Symbol,
    Constant,
    Infinity,
    Add,
    Mul,
    Pow,
    Function,
    Factorial,
    PlusMinus,
    Relation,
    Tuple,
    Set,
    Union,
    Matrix,
    List,
    Text,
    Ratio,
}
