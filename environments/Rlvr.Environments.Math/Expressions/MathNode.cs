namespace Rlvr.Environments.Math.Expressions;

/// <summary>A node of a parsed answer. One class with a kind tag keeps the tree compact and the walkers simple.</summary>
internal sealed class MathNode
{
    /// <summary>Name prefix of a function the answer defines itself ("g" in "g(x, y)"), so it never meets a built-in.</summary>
    public const string AppliedPrefix = "fn:";

    private static readonly MathNode[] NoChildren = [];

    private MathNode(NodeKind kind, MathNode[] children)
    {
        Kind = kind;
        Children = children;
    }

    public NodeKind Kind { get; }

    public MathNode[] Children { get; }

    /// <summary>The value of a <see cref="NodeKind.Number"/>.</summary>
    public Rational Value { get; private init; }

    /// <summary>Fractional digits written for a decimal number; -1 for an exact literal.</summary>
    public int DecimalDigits { get; private init; } = -1;

    /// <summary>Symbol, constant, function or text name.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>Opening bracket of a tuple or interval.</summary>
    public char Open { get; private init; }

    /// <summary>Closing bracket of a tuple or interval.</summary>
    public char Close { get; private init; }

    /// <summary>Operators of a relation chain (one fewer than children).</summary>
    public RelationOp[] Ops { get; private init; } = [];

    public static MathNode Number(Rational value, int decimalDigits = -1) =>
        new(NodeKind.Number, NoChildren) { Value = value, DecimalDigits = decimalDigits };

    public static MathNode Symbol(string name) => new(NodeKind.Symbol, NoChildren) { Name = name };

    public static MathNode Constant(string name) => new(NodeKind.Constant, NoChildren) { Name = name };

    public static MathNode Infinity() => new(NodeKind.Infinity, NoChildren);

    public static MathNode Text(string text) => new(NodeKind.Text, NoChildren) { Name = text };

    public static MathNode Function(string name, params MathNode[] args) => new(NodeKind.Function, args) { Name = name };

    public static MathNode Tuple(MathNode[] items, char open, char close) =>
        new(NodeKind.Tuple, items) { Open = open, Close = close };

    public static MathNode Relation(MathNode[] sides, RelationOp[] ops) => new(NodeKind.Relation, sides) { Ops = ops };

    public static MathNode Of(NodeKind kind, params MathNode[] children) => new(kind, children);

    public static MathNode Negate(MathNode x) =>
        x.Kind == NodeKind.Number ? Number(-x.Value, x.DecimalDigits) : new(NodeKind.Mul, [Number(Rational.FromInteger(-1)), x]);

    public static MathNode Reciprocal(MathNode x) => new(NodeKind.Pow, [x, Number(Rational.FromInteger(-1))]);

    public override string ToString()
    {
        StackGuard.Check();
        return Describe();
    }

    private string Describe() => Kind switch
    {
        NodeKind.Number => Value.ToString(),
        NodeKind.Symbol or NodeKind.Constant or NodeKind.Text => Name,
        NodeKind.Infinity => "oo",
        NodeKind.Function => Name + "(" + string.Join(",", (object[])Children) + ")",
        NodeKind.Tuple => Open + string.Join(",", (object[])Children) + Close,
        NodeKind.Relation => string.Join(" " + string.Join("", Ops) + " ", (object[])Children),
        _ => Kind + "(" + string.Join(",", (object[])Children) + ")",
    };
}
