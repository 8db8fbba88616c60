using System.Numerics;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>
/// Evaluates expression trees exactly (rationals) when possible and numerically (complex doubles) at seeded
/// points otherwise. Every node visit is charged to the <see cref="WorkBudget"/>.
/// </summary>
internal sealed class MathEvaluator
{
    private const int MaxExactFactorial = 1000;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];
    private readonly WorkBudget budget;
    private readonly ulong seed;

    public MathEvaluator(WorkBudget budget, ulong seed)
    {
        this.budget = budget;
        this.seed = seed;
    }

    /// <summary>Set when an exact value was abandoned because it would exceed the budget's size limit.</summary>
    public bool TooLarge { get; private set; }

    public bool TryExact(MathNode node, out Rational value)
    {
        value = default;
        budget.Spend(1, "evaluating");
        StackGuard.Check();
        switch (node.Kind)
        {
            case NodeKind.Number:
                value = node.Value;
                return true;
            case NodeKind.Add:
                {
                    var sum = Rational.Zero;
                    foreach (var child in node.Children)
                    {
                        if (!TryExact(child, out var v))
                        {
                            return false;
                        }
                        sum += v;
                    }
                    value = sum;
                    return true;
                }
            case NodeKind.Mul:
                {
                    var product = Rational.One;
                    foreach (var child in node.Children)
                    {
                        if (!TryExact(child, out var v))
                        {
                            return false;
                        }
                        if (v.IsZero && child.Kind == NodeKind.Pow)
                        {
                            return false; // 1/0
                        }
                        product *= v;
                        if (product.Bits > budget.MaxBits)
                        {
                            TooLarge = true;
                            return false;
                        }
                    }
                    value = product;
                    return true;
                }
            case NodeKind.Pow:
                return TryExactPow(node, out value);
            case NodeKind.Function:
                return TryExactFunction(node, out value);
            case NodeKind.Factorial:
                {
                    if (!TryExact(node.Children[0], out var n) || !n.IsInteger || n.Sign < 0)
                    {
                        return false;
                    }
                    if (n.Numerator > MaxExactFactorial)
                    {
                        TooLarge = true;
                        return false;
                    }
                    int count = (int)n.Numerator;
                    budget.Spend(count, "computing a factorial");
                    var f = BigInteger.One;
                    for (int k = 2; k <= count; k++)
                    {
                        f *= k;
                    }
                    value = Rational.FromInteger(f);
                    return true;
                }
            default:
                return false;
        }
    }

    private bool TryExactPow(MathNode node, out Rational value)
    {
        value = default;
        if (!TryExact(node.Children[1], out var e))
        {
            return false;
        }
        if (!TryExact(node.Children[0], out var b))
        {
            return false;
        }
        if (b.IsZero)
        {
            if (e.Sign > 0)
            {
                value = Rational.Zero;
                return true;
            }
            return false;
        }
        if (e.IsInteger)
        {
            if (b == Rational.One)
            {
                value = b;
                return true;
            }
            if (b == -Rational.One)
            {
                value = e.Numerator.IsEven ? Rational.One : b;
                return true;
            }
            if (BigInteger.Abs(e.Numerator) > 100_000 || b.Bits * (double)BigInteger.Abs(e.Numerator) > budget.MaxBits)
            {
                TooLarge = true;
                return false;
            }
            int k = (int)e.Numerator;
            budget.Spend(1 + (long)(b.Bits * (double)System.Math.Abs(k) / 4096), "raising to a power");
            value = b.Pow(k);
            return true;
        }
        // Rational exponent: exact only for perfect roots ("8^{2/3}", "\sqrt{16}").
        if (e.Denominator > 64 || BigInteger.Abs(e.Numerator) > 4096)
        {
            return false;
        }
        if (!TryRoot(b, (int)e.Denominator, out var root))
        {
            return false;
        }
        int p = (int)e.Numerator;
        if (root.Bits * (double)System.Math.Abs(p) > budget.MaxBits)
        {
            TooLarge = true;
            return false;
        }
        value = root.Pow(p);
        return true;
    }

    private static bool TryRoot(Rational x, int n, out Rational root)
    {
        root = default;
        if (x.Sign < 0 && n % 2 == 0)
        {
            return false;
        }
        if (!TryIntegerRoot(BigInteger.Abs(x.Numerator), n, out var a) || !TryIntegerRoot(x.Denominator, n, out var b))
        {
            return false;
        }
        root = new Rational(x.Sign < 0 ? -a : a, b);
        return true;
    }

    private static bool TryIntegerRoot(BigInteger v, int n, out BigInteger root)
    {
        root = v;
        if (v < 2)
        {
            return true;
        }
        if (v.GetBitLength() > 4096)
        {
            return false;
        }
        double guess = System.Math.Round(System.Math.Exp(BigInteger.Log(v) / n));
        if (!double.IsFinite(guess))
        {
            return false;
        }
        var g = new BigInteger(guess);
        for (var c = g - 1; c <= g + 1; c++)
        {
            if (c.Sign > 0 && BigInteger.Pow(c, n) == v)
            {
                root = c;
                return true;
            }
        }
        return false;
    }

    private bool TryExactFunction(MathNode node, out Rational value)
    {
        value = default;
        switch (node.Name)
        {
            case "sqrt":
                if (!TryExact(node.Children[0], out var x) || !TryRoot(x, 2, out value))
                {
                    return false;
                }
                return true;
            case "abs":
                if (!TryExact(node.Children[0], out var a))
                {
                    return false;
                }
                value = a.Sign < 0 ? -a : a;
                return true;
            case "max" or "min" or "gcd" or "lcm":
                return TryExactListFunction(node, out value);
            case "binom" when node.Children.Length == 2:
                {
                    if (!TryExact(node.Children[0], out var n) || !TryExact(node.Children[1], out var k)
                        || !n.IsInteger || !k.IsInteger || k.Sign < 0 || n.Sign < 0)
                    {
                        return false;
                    }
                    if (k.CompareTo(n) > 0)
                    {
                        value = Rational.Zero;
                        return true;
                    }
                    if (n.Numerator > 100_000)
                    {
                        TooLarge = true;
                        return false;
                    }
                    int nn = (int)n.Numerator;
                    int kk = (int)BigInteger.Min(k.Numerator, n.Numerator - k.Numerator);
                    budget.Spend(kk, "computing a binomial");
                    var r = BigInteger.One;
                    for (int i = 1; i <= kk; i++)
                    {
                        r = r * (nn - kk + i) / i;
                    }
                    value = Rational.FromInteger(r);
                    return true;
                }
            default:
                return false;
        }
    }

    private bool TryExactListFunction(MathNode node, out Rational value)
    {
        value = default;
        var args = new Rational[node.Children.Length];
        for (int k = 0; k < args.Length; k++)
        {
            if (!TryExact(node.Children[k], out args[k]))
            {
                return false;
            }
        }
        if (node.Name is "max" or "min")
        {
            value = args[0];
            foreach (var a in args)
            {
                int c = a.CompareTo(value);
                value = (node.Name == "max" ? c > 0 : c < 0) ? a : value;
            }
            return true;
        }
        if (!Array.TrueForAll(args, a => a.IsInteger) || Array.Exists(args, a => a.Bits > 4096))
        {
            return false;
        }
        var acc = BigInteger.Abs(args[0].Numerator);
        foreach (var a in args)
        {
            budget.Spend(1, "computing a gcd");
            var v = BigInteger.Abs(a.Numerator);
            acc = node.Name == "gcd" ? BigInteger.GreatestCommonDivisor(acc, v)
                : acc.IsZero || v.IsZero ? BigInteger.Zero : acc / BigInteger.GreatestCommonDivisor(acc, v) * v;
            if (acc.GetBitLength() > budget.MaxBits)
            {
                TooLarge = true;
                return false;
            }
        }
        value = Rational.FromInteger(acc);
        return true;
    }

    /// <summary>Deterministic value of a free symbol at evaluation point <paramref name="point"/>.</summary>
    public Complex SymbolValue(string name, int point)
    {
        ulong h = 1469598103934665603UL ^ seed;
        foreach (char c in name)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        h ^= (ulong)(point + 1) * 0x9E3779B97F4A7C15UL;
        h = SplitMix(h);
        double re = 0.35 + 1.6 * ((h >> 11) * (1.0 / (1UL << 53)));
        if (point < 2)
        {
            return new Complex(re, 0);
        }
        double im = 0.2 + 0.6 * ((SplitMix(h) >> 11) * (1.0 / (1UL << 53)));
        return new Complex(re, im);
    }

    private static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public Complex Numeric(MathNode node, int point)
    {
        budget.Spend(1, "evaluating");
        StackGuard.Check();
        switch (node.Kind)
        {
            case NodeKind.Number:
                return new Complex(node.Value.ToDouble(), 0);
            case NodeKind.Symbol:
                return node.Name switch
                {
                    "e" => new Complex(System.Math.E, 0),
                    "i" => Complex.ImaginaryOne,
                    "\\pi" => new Complex(System.Math.PI, 0),
                    _ => SymbolValue(node.Name, point),
                };
            case NodeKind.Constant:
                return node.Name == "pi" ? new Complex(System.Math.PI, 0) : new Complex(System.Math.E, 0);
            case NodeKind.Infinity:
                return new Complex(double.PositiveInfinity, 0);
            case NodeKind.Add:
                {
                    var sum = Complex.Zero;
                    foreach (var child in node.Children)
                    {
                        sum += Numeric(child, point);
                    }
                    return sum;
                }
            case NodeKind.Mul:
                {
                    var product = Complex.One;
                    foreach (var child in node.Children)
                    {
                        product *= Numeric(child, point);
                    }
                    return product;
                }
            case NodeKind.Pow:
                {
                    var b = Numeric(node.Children[0], point);
                    if (TryExact(node.Children[1], out var e) && e.IsInteger && BigInteger.Abs(e.Numerator) < 1_000_000)
                    {
                        int k = (int)e.Numerator;
                        return k == -1 ? Complex.One / b : Complex.Pow(b, k);
                    }
                    if (TryExact(node.Children[1], out e) && !e.IsInteger && e.Denominator % 2 == 1 && b.Imaginary == 0 && b.Real < 0)
                    {
                        // Real odd roots of negatives: "\sqrt[3]{-8}" is -2 and (-8)^{2/3} is ((-8)^{1/3})^2 = 4, so
                        // "\sqrt[3]{u}^2" and "u^{2/3}" take the same (real) branch.
                        double magnitude = System.Math.Pow(-b.Real, e.ToDouble());
                        return new Complex(e.Numerator.IsEven ? magnitude : -magnitude, 0);
                    }
                    var ex = Numeric(node.Children[1], point);
                    if (b.Imaginary == 0 && ex.Imaginary == 0 && b.Real > 0)
                    {
                        return new Complex(System.Math.Pow(b.Real, ex.Real), 0);
                    }
                    return Complex.Pow(b, ex);
                }
            case NodeKind.Factorial:
                {
                    var n = Numeric(node.Children[0], point);
                    if (n.Imaginary != 0 || n.Real != System.Math.Floor(n.Real))
                    {
                        // "n!" of a free symbol is Γ(n + 1), so "n!" equals itself and "n \cdot (n-1)!".
                        return Gamma(n + Complex.One);
                    }
                    if (n.Real < 0)
                    {
                        return new Complex(double.NaN, 0);
                    }
                    if (n.Real > 170)
                    {
                        TooLarge = true;
                        return new Complex(double.PositiveInfinity, 0);
                    }
                    double f = 1;
                    for (int k = 2; k <= (int)n.Real; k++)
                    {
                        f *= k;
                    }
                    return new Complex(f, 0);
                }
            case NodeKind.Function:
                return NumericFunction(node, point);
            default:
                return new Complex(double.NaN, 0);
        }
    }

    private Complex NumericFunction(MathNode node, int point)
    {
        if (node.Name.StartsWith(MathNode.AppliedPrefix, StringComparison.Ordinal) || ListFunctionName(node.Name))
        {
            return NumericListFunction(node, point);
        }
        var x = Numeric(node.Children[0], point);
        switch (node.Name)
        {
            case "sin": return Complex.Sin(x);
            case "cos": return Complex.Cos(x);
            case "tan": return Complex.Tan(x);
            case "sec": return Complex.One / Complex.Cos(x);
            case "csc": return Complex.One / Complex.Sin(x);
            case "cot": return Complex.One / Complex.Tan(x);
            case "arcsin": return Complex.Asin(x);
            case "arccos": return Complex.Acos(x);
            case "arctan": return Complex.Atan(x);
            case "arcsec": return Complex.Acos(Complex.One / x);
            case "arccsc": return Complex.Asin(Complex.One / x);
            case "arccot": return Complex.Atan(Complex.One / x);
            case "sinh": return Complex.Sinh(x);
            case "cosh": return Complex.Cosh(x);
            case "tanh": return Complex.Tanh(x);
            case "coth": return Complex.One / Complex.Tanh(x);
            case "sech": return Complex.One / Complex.Cosh(x);
            case "csch": return Complex.One / Complex.Sinh(x);
            case "arsinh": return Complex.Log(x + Complex.Sqrt(x * x + Complex.One));
            case "arcosh": return Complex.Log(x + Complex.Sqrt(x + Complex.One) * Complex.Sqrt(x - Complex.One));
            case "artanh": return 0.5 * Complex.Log((Complex.One + x) / (Complex.One - x));
            case "floor" when x.Imaginary == 0: return new Complex(System.Math.Floor(x.Real), 0);
            case "ceil" when x.Imaginary == 0: return new Complex(System.Math.Ceiling(x.Real), 0);
            case "ln" or "log": return Complex.Log(x);
            case "log10": return Complex.Log10(x);
            case "logb" when node.Children.Length == 2: return Complex.Log(x) / Complex.Log(Numeric(node.Children[1], point));
            case "exp": return Complex.Exp(x);
            case "sqrt": return x.Imaginary == 0 && x.Real >= 0 ? new Complex(System.Math.Sqrt(x.Real), 0) : Complex.Sqrt(x);
            case "abs": return new Complex(Complex.Abs(x), 0);
            case "binom" when node.Children.Length == 2:
                {
                    var k = Numeric(node.Children[1], point);
                    if (x.Imaginary != 0 || k.Imaginary != 0)
                    {
                        return new Complex(double.NaN, 0);
                    }
                    double r = 1;
                    for (int i = 1; i <= (int)k.Real && i < 1000; i++)
                    {
                        r = r * (x.Real - k.Real + i) / i;
                    }
                    return new Complex(r, 0);
                }
            default:
                return new Complex(double.NaN, 0);
        }
    }

    private static bool ListFunctionName(string name) => name is "max" or "min" or "gcd" or "lcm";

    /// <summary>
    /// "\max", "\min" of real values; a function the answer names itself ("g(x, y)") gets a fixed, seeded value for
    /// each argument list, so it equals itself and differs from another name or another argument order.
    /// </summary>
    private Complex NumericListFunction(MathNode node, int point)
    {
        var args = new Complex[node.Children.Length];
        for (int k = 0; k < args.Length; k++)
        {
            args[k] = Numeric(node.Children[k], point);
        }
        if (node.Name is "max" or "min")
        {
            if (Array.Exists(args, a => a.Imaginary != 0))
            {
                return new Complex(double.NaN, 0);
            }
            double best = args[0].Real;
            foreach (var a in args)
            {
                best = node.Name == "max" ? System.Math.Max(best, a.Real) : System.Math.Min(best, a.Real);
            }
            return new Complex(best, 0);
        }
        if (!node.Name.StartsWith(MathNode.AppliedPrefix, StringComparison.Ordinal))
        {
            return new Complex(double.NaN, 0); // gcd and lcm are only defined exactly.
        }
        var value = SymbolValue(node.Name, point);
        for (int k = 0; k < args.Length; k++)
        {
            var weight = SymbolValue(node.Name + "#" + k.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
            value += weight * Complex.Exp(weight * args[k]);
        }
        return value;
    }

    /// <summary>Γ(z) for complex z (Lanczos approximation, g = 7, reflection for Re z &lt; 1/2); about 15 significant digits.</summary>
    internal static Complex Gamma(Complex z)
    {
        if (z.Real < 0.5)
        {
            var sin = Complex.Sin(System.Math.PI * z);
            return sin == Complex.Zero ? new Complex(double.NaN, 0) : System.Math.PI / (sin * Gamma(Complex.One - z));
        }
        z -= Complex.One;
        var x = new Complex(LanczosCoefficients[0], 0);
        for (int k = 1; k < LanczosCoefficients.Length; k++)
        {
            x += LanczosCoefficients[k] / (z + k);
        }
        var t = z + 7.5;
        return System.Math.Sqrt(2 * System.Math.PI) * Complex.Pow(t, z + 0.5) * Complex.Exp(-t) * x;
    }

    /// <summary>Whether the tree has free symbols (anything but numbers and named constants).</summary>
    public static bool HasSymbols(MathNode node)
    {
        StackGuard.Check();
        if (node.Kind == NodeKind.Symbol)
        {
            return node.Name is not ("e" or "i" or "\\pi");
        }
        foreach (var child in node.Children)
        {
            if (HasSymbols(child))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The most fractional digits of any decimal literal in the tree; -1 when there is none.</summary>
    public static int DecimalDigits(MathNode node)
    {
        StackGuard.Check();
        int best = node.Kind == NodeKind.Number ? node.DecimalDigits : -1;
        foreach (var child in node.Children)
        {
            best = System.Math.Max(best, DecimalDigits(child));
        }
        return best;
    }
}
