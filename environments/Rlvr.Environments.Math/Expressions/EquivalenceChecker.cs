using System.Numerics;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>Decides whether two parsed answers are equivalent.</summary>
internal sealed class EquivalenceChecker
{
    private const int Points = 3;
    private const double Tolerance = 1e-9;
    private readonly MathEquivalenceOptions options;
    private readonly WorkBudget budget;
    private readonly MathEvaluator evaluator;

    public EquivalenceChecker(MathEquivalenceOptions options, WorkBudget budget)
    {
        this.options = options;
        this.budget = budget;
        evaluator = new MathEvaluator(budget, options.Seed);
    }

    /// <summary>Compares two top-level answers (each a <see cref="NodeKind.List"/>).</summary>
    public bool Equivalent(MathNode gold, MathNode predicted)
    {
        var g = Flatten(gold);
        var p = Flatten(predicted);
        if (g.Count == 1 && p.Count == 1)
        {
            return ItemEquals(g[0], p[0], goldSide: true);
        }
        return SameMultiset(g, p);
    }

    private List<MathNode> Flatten(MathNode list)
    {
        var items = new List<MathNode>();
        foreach (var item in list.Children)
        {
            ExpandPlusMinus(item, items);
        }
        if (items.Count == 1 && items[0].Kind == NodeKind.Set)
        {
            var set = items[0];
            items.Clear();
            foreach (var child in set.Children)
            {
                ExpandPlusMinus(child, items);
            }
        }
        return Deduplicate(items);
    }

    /// <summary>Answers are sets: a repeated answer counts once (compared as written, so this stays cheap).</summary>
    private List<MathNode> Deduplicate(List<MathNode> items)
    {
        if (items.Count < 2)
        {
            return items;
        }
        budget.Spend(items.Count, "comparing");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unique = new List<MathNode>(items.Count);
        foreach (var item in items)
        {
            if (seen.Add(item.ToString()))
            {
                unique.Add(item);
            }
        }
        return unique;
    }

    /// <summary>"1 \pm \sqrt{19}" is two answers.</summary>
    private void ExpandPlusMinus(MathNode item, List<MathNode> into)
    {
        if (!Contains(item, NodeKind.PlusMinus))
        {
            into.Add(item);
            return;
        }
        var plus = Choose(item, plus: true, out bool changed);
        var minus = Choose(item, plus: false, out _);
        if (!changed || into.Count > 64)
        {
            into.Add(item);
            return;
        }
        ExpandPlusMinus(plus, into);
        ExpandPlusMinus(minus, into);
    }

    private static bool Contains(MathNode node, NodeKind kind)
    {
        StackGuard.Check();
        if (node.Kind == kind)
        {
            return true;
        }
        foreach (var child in node.Children)
        {
            if (Contains(child, kind))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Replaces the first ± with + or −.</summary>
    private MathNode Choose(MathNode node, bool plus, out bool changed)
    {
        budget.Spend(1, "expanding \\pm");
        StackGuard.Check();
        changed = false;
        if (node.Kind == NodeKind.PlusMinus)
        {
            changed = true;
            var right = plus ? node.Children[1] : MathNode.Negate(node.Children[1]);
            return MathNode.Of(NodeKind.Add, node.Children[0], right);
        }
        if (node.Children.Length == 0)
        {
            return node;
        }
        var children = (MathNode[])node.Children.Clone();
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = Choose(children[i], plus, out changed);
            if (changed)
            {
                return Rebuild(node, children);
            }
        }
        return node;
    }

    private static MathNode Rebuild(MathNode node, MathNode[] children) => node.Kind switch
    {
        NodeKind.Function => MathNode.Function(node.Name, children),
        NodeKind.Tuple => MathNode.Tuple(children, node.Open, node.Close),
        NodeKind.Relation => MathNode.Relation(children, node.Ops),
        _ => MathNode.Of(node.Kind, children),
    };

    private bool SameMultiset(List<MathNode> gold, List<MathNode> predicted)
    {
        if (gold.Count != predicted.Count)
        {
            return false;
        }
        var used = new bool[predicted.Count];
        foreach (var g in gold)
        {
            bool found = false;
            for (int j = 0; j < predicted.Count; j++)
            {
                if (!used[j] && ItemEquals(g, predicted[j], goldSide: true))
                {
                    used[j] = true;
                    found = true;
                    break;
                }
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    private bool ItemEquals(MathNode a, MathNode b, bool goldSide)
    {
        budget.Spend(1, "comparing");
        StackGuard.Check();
        if (a.Kind == NodeKind.Relation || b.Kind == NodeKind.Relation)
        {
            return RelationEquals(a, b, goldSide);
        }
        if (a.Kind == NodeKind.Text || b.Kind == NodeKind.Text || IsWord(a) || IsWord(b))
        {
            return TextEquals(a, b) || (IsWord(a) && IsWord(b) && a.Name == b.Name);
        }
        a = MatrixValue(a) ?? a;
        b = MatrixValue(b) ?? b;
        switch (a.Kind)
        {
            case NodeKind.Tuple when b.Kind == NodeKind.Tuple:
                return a.Open == b.Open && a.Close == b.Close && Pairwise(a.Children, b.Children);
            case NodeKind.Matrix when b.Kind == NodeKind.Matrix:
                return Pairwise(a.Children, b.Children);
            case NodeKind.Ratio when b.Kind == NodeKind.Ratio:
                return Pairwise(a.Children, b.Children);
            case NodeKind.Set or NodeKind.Union when b.Kind == a.Kind:
                return SameMultiset([.. a.Children], [.. b.Children]);
            case NodeKind.Set when a.Children.Length == 1:
                return ItemEquals(a.Children[0], b, goldSide);
            case NodeKind.List:
                return Equivalent(a, b.Kind == NodeKind.List ? b : MathNode.Of(NodeKind.List, b));
            default:
                break;
        }
        if (b.Kind == NodeKind.Set && b.Children.Length == 1)
        {
            return ItemEquals(a, b.Children[0], goldSide);
        }
        if (b.Kind == NodeKind.List)
        {
            return Equivalent(MathNode.Of(NodeKind.List, a), b);
        }
        if (!IsScalar(a) || !IsScalar(b))
        {
            return false;
        }
        return ScalarEquals(a, b);
    }

    /// <summary>
    /// "A + B", "2A" and "A B" of written-out matrices as one matrix of entry expressions; null when the node is
    /// not such an expression (or the shapes do not fit).
    /// </summary>
    private MathNode? MatrixValue(MathNode node)
    {
        if (node.Kind is not (NodeKind.Add or NodeKind.Mul) || !Array.Exists(node.Children, c => c.Kind == NodeKind.Matrix))
        {
            return null;
        }
        MathNode? acc = null;
        foreach (var child in node.Children)
        {
            budget.Spend(1, "multiplying matrices");
            var value = child.Kind == NodeKind.Matrix ? child : MatrixValue(child) ?? child;
            if (acc is null)
            {
                acc = value;
                continue;
            }
            acc = node.Kind == NodeKind.Add ? AddMatrices(acc, value) : MultiplyMatrices(acc, value);
            if (acc is null)
            {
                return null;
            }
        }
        return acc is { Kind: NodeKind.Matrix } ? acc : null;
    }

    private static MathNode? AddMatrices(MathNode a, MathNode b)
    {
        if (a.Kind != NodeKind.Matrix || b.Kind != NodeKind.Matrix || a.Children.Length != b.Children.Length)
        {
            return null;
        }
        var rows = new MathNode[a.Children.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            var ra = a.Children[i].Children;
            var rb = b.Children[i].Children;
            if (ra.Length != rb.Length)
            {
                return null;
            }
            var cells = new MathNode[ra.Length];
            for (int j = 0; j < cells.Length; j++)
            {
                cells[j] = MathNode.Of(NodeKind.Add, ra[j], rb[j]);
            }
            rows[i] = MathNode.Tuple(cells, '[', ']');
        }
        return MathNode.Of(NodeKind.Matrix, rows);
    }

    private MathNode? MultiplyMatrices(MathNode a, MathNode b)
    {
        if (a.Kind != NodeKind.Matrix || b.Kind != NodeKind.Matrix)
        {
            // A scalar times a matrix scales every entry.
            var (scalar, matrix) = a.Kind == NodeKind.Matrix ? (b, a) : (a, b);
            if (matrix.Kind != NodeKind.Matrix || !IsScalar(scalar))
            {
                return null;
            }
            var scaled = new MathNode[matrix.Children.Length];
            for (int i = 0; i < scaled.Length; i++)
            {
                var row = matrix.Children[i].Children;
                var cells = new MathNode[row.Length];
                for (int j = 0; j < cells.Length; j++)
                {
                    cells[j] = MathNode.Of(NodeKind.Mul, scalar, row[j]);
                }
                scaled[i] = MathNode.Tuple(cells, '[', ']');
            }
            return MathNode.Of(NodeKind.Matrix, scaled);
        }
        int n = a.Children.Length;
        int inner = a.Children[0].Children.Length;
        int m = b.Children[0].Children.Length;
        if (b.Children.Length != inner || Array.Exists(a.Children, r => r.Children.Length != inner) || Array.Exists(b.Children, r => r.Children.Length != m))
        {
            return null;
        }
        budget.Spend((long)n * m * inner, "multiplying matrices");
        var rows = new MathNode[n];
        for (int i = 0; i < n; i++)
        {
            var cells = new MathNode[m];
            for (int j = 0; j < m; j++)
            {
                var terms = new MathNode[inner];
                for (int k = 0; k < inner; k++)
                {
                    terms[k] = MathNode.Of(NodeKind.Mul, a.Children[i].Children[k], b.Children[k].Children[j]);
                }
                cells[j] = MathNode.Of(NodeKind.Add, terms);
            }
            rows[i] = MathNode.Tuple(cells, '[', ']');
        }
        return MathNode.Of(NodeKind.Matrix, rows);
    }

    private static bool IsWord(MathNode n) => n.Kind == NodeKind.Symbol && n.Name.Length > 1 && n.Name[0] != '\\' && !n.Name.Contains('_', StringComparison.Ordinal);

    private static bool TextEquals(MathNode a, MathNode b)
    {
        if (a.Kind is not (NodeKind.Text or NodeKind.Symbol or NodeKind.Constant) || b.Kind is not (NodeKind.Text or NodeKind.Symbol or NodeKind.Constant))
        {
            return false;
        }
        return string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
    }

    private bool Pairwise(MathNode[] a, MathNode[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        for (int i = 0; i < a.Length; i++)
        {
            if (!ItemEquals(a[i], b[i], goldSide: true))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsScalar(MathNode n) => n.Kind is NodeKind.Number or NodeKind.Symbol or NodeKind.Constant or NodeKind.Infinity
        or NodeKind.Add or NodeKind.Mul or NodeKind.Pow or NodeKind.Function or NodeKind.Factorial;

    private bool RelationEquals(MathNode a, MathNode b, bool goldSide)
    {
        if (a.Kind == NodeKind.Relation && b.Kind == NodeKind.Relation)
        {
            var ra = Canonical(a);
            var rb = Canonical(b);
            if (ra.Ops is [RelationOp.Element] && rb.Ops is not [RelationOp.Element] && !options.AllowSetRelationComparison)
            {
                return false;
            }
            if (ra.Ops.Length == 1 && rb.Ops.Length == 1)
            {
                return SingleRelationEquals(ra, rb);
            }
            if (ra.Ops.Length == rb.Ops.Length && ra.Ops.AsSpan().SequenceEqual(rb.Ops))
            {
                return Pairwise(ra.Children, rb.Children);
            }
            var ia = AsInterval(ra);
            var ib = AsInterval(rb);
            return ia is not null && ib is not null && ItemEquals(ia, ib, goldSide);
        }
        var relation = a.Kind == NodeKind.Relation ? a : b;
        var other = a.Kind == NodeKind.Relation ? b : a;
        bool relationIsGold = a.Kind == NodeKind.Relation;
        var reduced = Reduce(relation);
        if (reduced is not null)
        {
            return ItemEquals(reduced, other, goldSide);
        }
        if (!relationIsGold && relation.Ops is [RelationOp.Equal] && !MathEvaluator.HasSymbols(relation.Children[1]) && IsScalar(other))
        {
            // A value is asked for and "x + y = 1000" is given: the constant side is the value (an equation in the
            // reference is never reduced this way, so "6" does not answer "2x + 4y = 6").
            return ItemEquals(relation.Children[1], other, goldSide);
        }
        if (other.Kind is NodeKind.Tuple or NodeKind.Union && (relationIsGold || options.AllowSetRelationComparison))
        {
            var interval = AsInterval(Canonical(relation));
            return interval is not null && ItemEquals(interval, other, goldSide);
        }
        return false;
    }

    /// <summary>Chains of equalities keep their ends; "x \in S" becomes S.</summary>
    private static MathNode Canonical(MathNode r)
    {
        if (r.Ops.Length > 1 && Array.TrueForAll(r.Ops, o => o == RelationOp.Equal))
        {
            return MathNode.Relation([r.Children[0], r.Children[^1]], [RelationOp.Equal]);
        }
        return r;
    }

    /// <summary>The value side of "x = 3", "f(x) = 1", "1 = ... = 0" or "x \in [0, 1)"; null for a genuine equation.</summary>
    private static MathNode? Reduce(MathNode r)
    {
        if (r.Ops.Length > 1 && Array.TrueForAll(r.Ops, o => o == RelationOp.Equal))
        {
            // "1 = \zzz = x = 0": a chain of equalities ends with its value.
            return r.Children[^1];
        }
        if (r.Ops.Length != 1)
        {
            return null;
        }
        if (r.Ops[0] == RelationOp.Element)
        {
            return r.Children[1];
        }
        if (r.Ops[0] != RelationOp.Equal)
        {
            return null;
        }
        if (IsNameLike(r.Children[0]) || (!MathEvaluator.HasSymbols(r.Children[0]) && !MathEvaluator.HasSymbols(r.Children[1])))
        {
            return r.Children[1];
        }
        return null;
    }

    /// <summary>A left side that names the answer ("x", "x_1", "f(x)", "|AB|", "NO/BO", "A:B") rather than an expression.</summary>
    internal static bool IsNameLike(MathNode n) => n.Kind switch
    {
        NodeKind.Symbol => true,
        NodeKind.Function => Array.TrueForAll(n.Children, IsNameLike),
        NodeKind.Mul or NodeKind.Ratio => Array.TrueForAll(n.Children, IsNameLike),
        NodeKind.Pow => IsNameLike(n.Children[0]) && n.Children[1].Kind == NodeKind.Number && n.Children[1].Value == -Rational.One,
        NodeKind.Tuple => Array.TrueForAll(n.Children, IsNameLike),
        _ => false,
    };

    /// <summary>
    /// The interval of a relation on a name ("x > 5", "-2 \le x \le 7", "x \in S"); on an absolute value
    /// ("1 \le |z| \le \frac32") the two mirrored intervals.
    /// </summary>
    private MathNode? AsInterval(MathNode r)
    {
        var interval = NameInterval(r);
        if (interval is { Kind: NodeKind.Tuple } && AbsoluteValueSide(r) && interval.Children.Length == 2)
        {
            return Mirrored(interval);
        }
        return interval;
    }

    private static bool AbsoluteValueSide(MathNode r) =>
        r.Ops is not [RelationOp.Element] && Array.Exists(r.Children, c => c.Kind == NodeKind.Function && c.Name == "abs");

    /// <summary>"|z| \in [a, b]" with 0 &lt;= a is "z \in [-b, -a] \cup [a, b]"; "|z| &lt; b" is "z \in (-b, b)"; null when a is not known.</summary>
    private MathNode? Mirrored(MathNode interval)
    {
        var (lo, hi) = (interval.Children[0], interval.Children[1]);
        char negativeOpen = interval.Close == ']' ? '[' : '(';
        if (InfinitySign(lo) < 0)
        {
            return MathNode.Tuple([MathNode.Negate(hi), hi], negativeOpen, interval.Close);
        }
        if (!evaluator.TryExact(lo, out var low) || low.Sign < 0)
        {
            return null;
        }
        if (low.IsZero && interval.Open == '[')
        {
            return MathNode.Tuple([MathNode.Negate(hi), hi], negativeOpen, interval.Close);
        }
        var negative = MathNode.Tuple([MathNode.Negate(hi), MathNode.Negate(lo)], negativeOpen, interval.Open == '[' ? ']' : ')');
        return MathNode.Of(NodeKind.Union, negative, interval);
    }

    private static MathNode? NameInterval(MathNode r)
    {
        if (r.Ops is [RelationOp.Element])
        {
            return r.Children[1];
        }
        if (r.Ops.Length == 1 && r.Ops[0] != RelationOp.Equal && r.Ops[0] != RelationOp.NotEqual && r.Ops[0] != RelationOp.Element)
        {
            // "x > 5" is (5, oo).
            var (lhs, op, rhs) = (r.Children[0], r.Ops[0], r.Children[1]);
            if (!IsNameLike(lhs))
            {
                (lhs, rhs) = (rhs, lhs);
                op = Flip(op);
                if (!IsNameLike(lhs))
                {
                    return null;
                }
            }
            return op switch
            {
                RelationOp.Less => MathNode.Tuple([MathNode.Negate(MathNode.Infinity()), rhs], '(', ')'),
                RelationOp.LessOrEqual => MathNode.Tuple([MathNode.Negate(MathNode.Infinity()), rhs], '(', ']'),
                RelationOp.Greater => MathNode.Tuple([rhs, MathNode.Infinity()], '(', ')'),
                _ => MathNode.Tuple([rhs, MathNode.Infinity()], '[', ')'),
            };
        }
        if (r.Ops.Length != 2 || !IsNameLike(r.Children[1]))
        {
            return null;
        }
        var op1 = r.Ops[0];
        var op2 = r.Ops[1];
        var lo = r.Children[0];
        var hi = r.Children[2];
        if (op1 is RelationOp.Greater or RelationOp.GreaterOrEqual && op2 is RelationOp.Greater or RelationOp.GreaterOrEqual)
        {
            (lo, hi) = (hi, lo);
            (op1, op2) = (Flip(op2), Flip(op1));
        }
        if (op1 is not (RelationOp.Less or RelationOp.LessOrEqual) || op2 is not (RelationOp.Less or RelationOp.LessOrEqual))
        {
            return null;
        }
        return MathNode.Tuple([lo, hi], op1 == RelationOp.Less ? '(' : '[', op2 == RelationOp.Less ? ')' : ']');
    }

    private static RelationOp Flip(RelationOp op) => op switch
    {
        RelationOp.Less => RelationOp.Greater,
        RelationOp.LessOrEqual => RelationOp.GreaterOrEqual,
        RelationOp.Greater => RelationOp.Less,
        RelationOp.GreaterOrEqual => RelationOp.LessOrEqual,
        _ => op,
    };

    private bool SingleRelationEquals(MathNode a, MathNode b)
    {
        var (la, oa, ra) = (a.Children[0], a.Ops[0], a.Children[1]);
        var (lb, ob, rb) = (b.Children[0], b.Ops[0], b.Children[1]);
        if (oa is RelationOp.Greater or RelationOp.GreaterOrEqual)
        {
            (la, ra, oa) = (ra, la, Flip(oa));
        }
        if (ob is RelationOp.Greater or RelationOp.GreaterOrEqual)
        {
            (lb, rb, ob) = (rb, lb, Flip(ob));
        }
        if (oa != ob)
        {
            return false;
        }
        if (oa == RelationOp.Element)
        {
            return ItemEquals(la, lb, true) && ItemEquals(ra, rb, true);
        }
        if (IsScalar(la) && IsScalar(ra) && IsScalar(lb) && IsScalar(rb))
        {
            var da = MathNode.Of(NodeKind.Add, la, MathNode.Negate(ra));
            var db = MathNode.Of(NodeKind.Add, lb, MathNode.Negate(rb));
            if (Proportional(da, db, positive: oa != RelationOp.Equal && oa != RelationOp.NotEqual))
            {
                return true;
            }
        }
        // Same named left side ("x = (1, 2)"): compare the right sides.
        return oa == RelationOp.Equal && ItemEquals(la, lb, true) && ItemEquals(ra, rb, true);
    }

    /// <summary>Whether a = k·b for one constant k (positive when <paramref name="positive"/>) at every test point.</summary>
    private bool Proportional(MathNode a, MathNode b, bool positive)
    {
        Complex? ratio = null;
        bool bothZero = true;
        for (int p = 0; p < Points; p++)
        {
            var va = evaluator.Numeric(a, p);
            var vb = evaluator.Numeric(b, p);
            if (!IsFinite(va) || !IsFinite(vb))
            {
                return false;
            }
            bool za = Complex.Abs(va) < Tolerance;
            bool zb = Complex.Abs(vb) < Tolerance;
            if (za && zb)
            {
                continue;
            }
            bothZero = false;
            if (za || zb)
            {
                return false;
            }
            var r = va / vb;
            if (ratio is null)
            {
                ratio = r;
                if (positive && (r.Real <= 0 || System.Math.Abs(r.Imaginary) > Tolerance * Complex.Abs(r)))
                {
                    return false;
                }
            }
            else if (Complex.Abs(r - ratio.Value) > Tolerance * System.Math.Max(1, Complex.Abs(r)))
            {
                return false;
            }
        }
        return !bothZero || ratio is null;
    }

    private static bool IsFinite(Complex c) => double.IsFinite(c.Real) && double.IsFinite(c.Imaginary);

    /// <summary>+1 for ∞, -1 for -∞, 0 otherwise.</summary>
    private static int InfinitySign(MathNode n) => n.Kind switch
    {
        NodeKind.Infinity => 1,
        NodeKind.Mul when n.Children.Length == 2 && n.Children[1].Kind == NodeKind.Infinity
            && n.Children[0].Kind == NodeKind.Number && n.Children[0].Value.Sign != 0 => n.Children[0].Value.Sign,
        _ => 0,
    };

    private bool ScalarEquals(MathNode a, MathNode b)
    {
        int ia = InfinitySign(a);
        int ib = InfinitySign(b);
        if (ia != 0 || ib != 0)
        {
            return ia == ib;
        }
        int digits = System.Math.Max(MathEvaluator.DecimalDigits(a), MathEvaluator.DecimalDigits(b));
        bool approximate = digits >= options.FloatRounding;
        if (evaluator.TryExact(a, out var ea) && evaluator.TryExact(b, out var eb))
        {
            if (ea == eb)
            {
                return true;
            }
            if (options.RelativeTolerance is double tol)
            {
                double x = ea.ToDouble();
                double y = eb.ToDouble();
                return System.Math.Abs(x - y) <= tol * System.Math.Max(System.Math.Abs(x), System.Math.Abs(y));
            }
            return approximate && ea.RoundDecimal(options.FloatRounding) == eb.RoundDecimal(options.FloatRounding);
        }
        bool symbolic = MathEvaluator.HasSymbols(a) || MathEvaluator.HasSymbols(b);
        if (symbolic && !options.Strict)
        {
            b = RenameSingleVariable(a, b);
        }
        bool compared = false;
        for (int p = 0; p < Points; p++)
        {
            var va = evaluator.Numeric(a, p);
            var vb = evaluator.Numeric(b, p);
            if (!IsFinite(va) || !IsFinite(vb))
            {
                if (double.IsNaN(va.Real) && double.IsNaN(vb.Real))
                {
                    continue;
                }
                if (SameInfinity(va, vb))
                {
                    compared = true;
                    continue;
                }
                if (evaluator.TooLarge)
                {
                    throw new WorkBudgetExceededException("a number too large to compare");
                }
                return false;
            }
            compared = true;
            if (!symbolic && options.RelativeTolerance is double tol)
            {
                if (Complex.Abs(va - vb) > tol * System.Math.Max(Complex.Abs(va), Complex.Abs(vb)))
                {
                    return false;
                }
            }
            else if (!symbolic && approximate)
            {
                if (System.Math.Abs(va.Imaginary) > Tolerance || System.Math.Abs(vb.Imaginary) > Tolerance
                    || !SameRounded(va.Real, vb.Real, options.FloatRounding))
                {
                    return false;
                }
            }
            else if (Complex.Abs(va - vb) > Tolerance * System.Math.Max(1, System.Math.Max(Complex.Abs(va), Complex.Abs(vb))))
            {
                return false;
            }
            if (!symbolic)
            {
                break;
            }
        }
        return compared;
    }

    private static bool SameInfinity(Complex a, Complex b) =>
        double.IsInfinity(a.Real) && double.IsInfinity(b.Real) && System.Math.Sign(a.Real) == System.Math.Sign(b.Real)
        && double.IsFinite(a.Imaginary) && double.IsFinite(b.Imaginary);

    /// <summary>Whether two values agree after rounding to <paramref name="digits"/> decimals (compared as scaled integers).</summary>
    private static bool SameRounded(double a, double b, int digits)
    {
        double scale = System.Math.Pow(10, digits);
        double x = System.Math.Round(a * scale, MidpointRounding.AwayFromZero);
        double y = System.Math.Round(b * scale, MidpointRounding.AwayFromZero);
        if (System.Math.Abs(x) < 9e15 && System.Math.Abs(y) < 9e15)
        {
            return (long)x == (long)y;
        }
        return System.Math.Abs(a - b) <= Tolerance * System.Math.Max(System.Math.Abs(a), System.Math.Abs(b));
    }

    private static MathNode RenameSingleVariable(MathNode a, MathNode b)
    {
        var sa = new HashSet<string>(StringComparer.Ordinal);
        var sb = new HashSet<string>(StringComparer.Ordinal);
        CollectSymbols(a, sa);
        CollectSymbols(b, sb);
        var onlyA = sa.Except(sb).ToList();
        var onlyB = sb.Except(sa).ToList();
        if (onlyA.Count != 1 || onlyB.Count != 1)
        {
            return b;
        }
        return Rename(b, onlyB[0], onlyA[0]);
    }

    private static void CollectSymbols(MathNode n, HashSet<string> into)
    {
        StackGuard.Check();
        if (n.Kind == NodeKind.Symbol && n.Name is not ("e" or "i"))
        {
            into.Add(n.Name);
        }
        foreach (var c in n.Children)
        {
            CollectSymbols(c, into);
        }
    }

    private static MathNode Rename(MathNode n, string from, string to)
    {
        StackGuard.Check();
        if (n.Kind == NodeKind.Symbol)
        {
            return n.Name == from ? MathNode.Symbol(to) : n;
        }
        if (n.Children.Length == 0)
        {
            return n;
        }
        var children = new MathNode[n.Children.Length];
        for (int i = 0; i < children.Length; i++)
        {
            children[i] = Rename(n.Children[i], from, to);
        }
        return Rebuild(n, children);
    }
}
