using System.Text;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>
/// Recursive-descent parser from tokens to a <see cref="MathNode"/> tree. The top level is always a
/// <see cref="NodeKind.List"/> of answers. Units written after a quantity are dropped but remembered with their
/// exponent in <see cref="Units"/>, so "5 in^2" and "5 in^3" still differ.
/// </summary>
internal sealed class MathParser
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "asin", "acos", "atan", "sinh", "cosh", "tanh",
        "ln", "log", "lg", "exp", "sqrt", "abs", "arcsec", "arccsc", "arccot", "cosec", "ctg", "tg",
        "asinh", "acosh", "atanh", "arcsinh", "arccosh", "arctanh", "arsinh", "arcosh", "artanh", "coth", "sech", "csch",
    };

    /// <summary>Operators written as commands or words that take a list of arguments ("\max(3, 7)", "gcd(12, 18)").</summary>
    private static readonly HashSet<string> ListFunctions = new(StringComparer.Ordinal) { "max", "min", "gcd", "lcm" };

    /// <summary>Operators whose value is not computed; "\lim_{x \to 0} f(x) = 1" is still read for its last side.</summary>
    private static readonly HashSet<string> UnsupportedOperators = new(StringComparer.Ordinal) { "sum", "prod", "int", "lim", "iint", "oint" };

    private static readonly HashSet<string> UnitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "cm", "mm", "km", "kg", "mg", "ml", "meters", "meter", "metres", "inches", "inch", "feet", "foot", "ft", "miles", "mile", "yards",
        "yard", "dollars", "dollar", "cents", "cent", "units", "unit", "degrees", "degree", "hours", "hour", "hrs", "minutes", "minute",
        "mins", "seconds", "second", "sec", "days", "day", "weeks", "years", "year", "months", "pounds", "lbs", "ounces", "oz",
        "liters", "litres", "gallons", "mph", "kmh", "grams", "gram", "percent", "pct", "percentage", "square", "sq", "cubic",
        "yuan", "rupees", "euros", "people", "students", "points", "ways", "times", "items", "cups", "pages", "boxes",
    };

    private readonly List<Token> tokens;
    private readonly WorkBudget budget;
    private readonly StringBuilder units = new();
    private int pos;

    private MathParser(List<Token> tokens, WorkBudget budget)
    {
        this.tokens = tokens;
        this.budget = budget;
    }

    /// <summary>Dropped unit words with their exponents, normalized (empty when none).</summary>
    public string Units => units.ToString();

    public static (MathNode Node, string Units) Parse(string text, WorkBudget budget)
    {
        var parser = new MathParser(MathLexer.Tokenize(text, budget), budget);
        var node = parser.ParseTop();
        return (node, parser.Units);
    }

    private Token Peek => tokens[pos];

    private Token PeekAt(int offset) => tokens[System.Math.Min(pos + offset, tokens.Count - 1)];

    private bool IsChar(char c) => Peek.Kind == TokenKind.Char && Peek.Ch == c;

    private bool IsChar(int offset, char c) => PeekAt(offset).Kind == TokenKind.Char && PeekAt(offset).Ch == c;

    private void Advance()
    {
        budget.Spend(1, "parsing");
        if (Peek.Kind == TokenKind.End)
        {
            throw new MathParseException("unexpected end");
        }
        pos++;
    }

    private void Expect(char c)
    {
        if (!IsChar(c))
        {
            throw new MathParseException($"expected '{c}'");
        }
        Advance();
    }

    private bool IsSeparatorWord(Token t) =>
        (t.Kind == TokenKind.Letters && (t.Text is "and" or "or" or "und" or "et" or "AND" or "OR"))
        || (t.Kind == TokenKind.Text && IsConnective(t.Text))
        || t.Kind == TokenKind.Separator;

    private static bool IsConnective(string text)
    {
        var trimmed = text.AsSpan().Trim().TrimEnd(',').Trim();
        return trimmed.Equals("and", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("or", StringComparison.OrdinalIgnoreCase)
            || trimmed.Equals(",", StringComparison.Ordinal) || trimmed.IsEmpty;
    }

    private MathNode ParseTop()
    {
        var groups = new List<List<MathNode>> { new() };
        bool semicolons = false;
        while (Peek.Kind != TokenKind.End)
        {
            if (IsChar(',') || (IsSeparatorWord(Peek) && Peek.Kind != TokenKind.Separator))
            {
                Advance();
                continue;
            }
            if (IsChar(';') || Peek.Kind == TokenKind.Separator)
            {
                // "p = 5, q = 2; p = 7, q = 2" and "p = 5, q = 2 \quad \text{and} \quad p = 7, q = 2": groups.
                Advance();
                semicolons = true;
                groups.Add([]);
                continue;
            }
            int before = pos;
            groups[^1].Add(ParseRelation());
            if (pos == before)
            {
                throw new MathParseException("unexpected token");
            }
            if (!(Peek.Kind == TokenKind.End || IsChar(',') || IsChar(';') || IsSeparatorWord(Peek)))
            {
                throw new MathParseException("unexpected " + Describe(Peek));
            }
        }
        var items = new List<MathNode>();
        bool tupleGroups = semicolons && groups.Exists(g => g.Count > 1);
        foreach (var group in groups)
        {
            if (group.Count == 0)
            {
                continue;
            }
            if (tupleGroups && group.Count > 1)
            {
                items.Add(MathNode.Tuple([.. group], '(', ')'));
            }
            else
            {
                items.AddRange(group);
            }
        }
        if (items.Count == 0)
        {
            throw new MathParseException("empty answer");
        }
        return MathNode.Of(NodeKind.List, [.. items]);
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.Char => "'" + t.Ch + "'",
        TokenKind.End => "end",
        _ => t.Kind + " '" + t.Text + "'",
    };

    private static bool TryRelation(Token t, out RelationOp op)
    {
        op = RelationOp.Equal;
        if (t.Kind != TokenKind.Char)
        {
            return false;
        }
        switch (t.Ch)
        {
            case '=':
                op = RelationOp.Equal;
                return true;
            case '<':
                op = RelationOp.Less;
                return true;
            case '>':
                op = RelationOp.Greater;
                return true;
            case '≤':
                op = RelationOp.LessOrEqual;
                return true;
            case '≥':
                op = RelationOp.GreaterOrEqual;
                return true;
            case '≠':
                op = RelationOp.NotEqual;
                return true;
            case '∈':
                op = RelationOp.Element;
                return true;
            case '≈':
                op = RelationOp.Approximately;
                return true;
            default:
                return false;
        }
    }

    private MathNode ParseRelation()
    {
        var first = ParseSide();
        if (!TryRelation(Peek, out _))
        {
            return first;
        }
        var sides = new List<MathNode> { first };
        var ops = new List<RelationOp>();
        while (TryRelation(Peek, out var op))
        {
            Advance();
            ops.Add(op);
            sides.Add(ParseSide());
        }
        // "x = 1/3 \approx 0.33": the approximation after the exact value is commentary; "x \approx 11" alone is the answer,
        // and so is the exact value in "\frac{\sqrt{3}}{3} \approx 0.577".
        int approx = ops.IndexOf(RelationOp.Approximately);
        if (approx == 0)
        {
            if (!EquivalenceChecker.IsNameLike(sides[0]))
            {
                return sides[0];
            }
            ops[0] = RelationOp.Equal;
        }
        else if (approx > 0)
        {
            sides.RemoveRange(approx + 1, sides.Count - approx - 1);
            ops.RemoveRange(approx, ops.Count - approx);
        }
        return MathNode.Relation([.. sides], [.. ops]);
    }

    /// <summary>
    /// One side of a relation. A side that starts with an operator we do not evaluate ("\lim", "\sum", "\int") and is
    /// followed by "=" is kept as a name, so "\lim_{x \to 0} \frac{\sin x}{x} = 1" is read for its value 1; such an
    /// operator anywhere else is still unparseable.
    /// </summary>
    private MathNode ParseSide()
    {
        if (Peek.Kind == TokenKind.Command && UnsupportedOperators.Contains(Peek.Text) && NextTopLevelEquals() is int equals)
        {
            string name = "\\" + Peek.Text;
            while (pos < equals)
            {
                Advance();
            }
            return MathNode.Symbol(name);
        }
        return ParseUnion();
    }

    /// <summary>Index of the next "=" outside brackets before the end of the current item; null when there is none.</summary>
    private int? NextTopLevelEquals()
    {
        int level = 0;
        for (int k = pos; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind == TokenKind.End)
            {
                return null;
            }
            if (t.Kind != TokenKind.Char)
            {
                continue;
            }
            switch (t.Ch)
            {
                case '(' or '[' or '{' or '⦃':
                    level++;
                    break;
                case ')' or ']' or '}' or '⦄':
                    if (--level < 0)
                    {
                        return null;
                    }
                    break;
                case '=' when level == 0:
                    return k;
                case ',' or ';' when level == 0:
                    return null;
                default:
                    break;
            }
        }
        return null;
    }

    private MathNode ParseUnion()
    {
        var first = ParseRatio();
        if (!IsChar('∪'))
        {
            return first;
        }
        var parts = new List<MathNode> { first };
        while (IsChar('∪'))
        {
            Advance();
            parts.Add(ParseRatio());
        }
        return MathNode.Of(NodeKind.Union, [.. parts]);
    }

    private MathNode ParseRatio()
    {
        var first = ParseExpr();
        if (!IsChar(':'))
        {
            return first;
        }
        var parts = new List<MathNode> { first };
        while (IsChar(':'))
        {
            Advance();
            parts.Add(ParseExpr());
        }
        return MathNode.Of(NodeKind.Ratio, [.. parts]);
    }

    private MathNode ParseExpr()
    {
        Enter();
        var left = ParseTerm();
        while (true)
        {
            if (IsChar('+'))
            {
                Advance();
                left = Combine(NodeKind.Add, left, ParseTerm());
            }
            else if (IsChar('-'))
            {
                Advance();
                left = Combine(NodeKind.Add, left, MathNode.Negate(ParseTerm()));
            }
            else if (IsChar('±') || IsChar('∓'))
            {
                Advance();
                left = MathNode.Of(NodeKind.PlusMinus, left, ParseTerm());
            }
            else
            {
                break;
            }
        }
        return left;
    }

    /// <summary>Every level of recursion checks the stack (see <see cref="StackGuard"/>); there is no depth constant.</summary>
    private static void Enter() => StackGuard.Check();

    private static MathNode Combine(NodeKind kind, MathNode left, MathNode right)
    {
        if (left.Kind == kind)
        {
            var children = new MathNode[left.Children.Length + 1];
            left.Children.CopyTo(children, 0);
            children[^1] = right;
            return MathNode.Of(kind, children);
        }
        return MathNode.Of(kind, left, right);
    }

    private MathNode ParseTerm()
    {
        var left = ParseUnary();
        while (true)
        {
            var t = Peek;
            if (IsChar('*'))
            {
                Advance();
                left = Combine(NodeKind.Mul, left, ParseUnary());
            }
            else if (IsChar('/'))
            {
                Advance();
                left = Combine(NodeKind.Mul, left, MathNode.Reciprocal(ParseUnary()));
            }
            else if (t.Kind == TokenKind.Text && !IsConnective(t.Text))
            {
                AddUnit(t.Text);
            }
            else if (t.Kind == TokenKind.Letters && t.Text.Length > 1 && !Functions.Contains(t.Text)
                && (UnitWords.Contains(t.Text) || (t.Text.Length >= 3 && IsQuantity(left) && !IsNamedConstant(t.Text))))
            {
                // "18 apples": a word after a plain quantity is its unit.
                AddUnit(t.Text);
            }
            else if (t.Kind == TokenKind.Command && t.Text is "pmod" or "mod" or "bmod")
            {
                Advance();
                ParseArg();
            }
            else if (t.Kind == TokenKind.Char && t.Ch == '%')
            {
                Advance();
            }
            else if (StartsImplicitFactor(t))
            {
                bool fraction = t.Kind == TokenKind.Command && t.Text == "frac";
                var right = ParsePower();
                left = fraction && IsMixedNumber(left, right)
                    ? MathNode.Of(NodeKind.Add, left, left.Value.Sign < 0 ? MathNode.Negate(right) : right)
                    : Apply(left, right) ?? Combine(NodeKind.Mul, left, right);
            }
            else
            {
                return left;
            }
        }
    }

    /// <summary>
    /// "g(x, y)" and "f{\left(x, y\right)}": a name followed by a bracketed list of several arguments is a function
    /// applied to them (a product with a tuple would mean nothing). Null when <paramref name="args"/> is not such a list.
    /// </summary>
    private static MathNode? Apply(MathNode left, MathNode args)
    {
        if (args.Kind != NodeKind.Tuple || args.Open != '(' || args.Close != ')' || args.Children.Length < 2)
        {
            return null;
        }
        if (left.Kind == NodeKind.Symbol && left.Name is not ("e" or "i" or "\\pi"))
        {
            string name = ListFunctions.Contains(left.Name) ? left.Name : MathNode.AppliedPrefix + left.Name;
            return MathNode.Function(name, args.Children);
        }
        if (left.Kind == NodeKind.Mul && Apply(left.Children[^1], args) is { } applied)
        {
            var factors = (MathNode[])left.Children.Clone();
            factors[^1] = applied;
            return MathNode.Of(NodeKind.Mul, factors);
        }
        return null;
    }

    private static bool IsQuantity(MathNode node) => node.Kind == NodeKind.Number
        || (node.Kind is NodeKind.Mul or NodeKind.Add or NodeKind.Pow && !MathEvaluator.HasSymbols(node) && !ContainsConstant(node));

    private static bool ContainsConstant(MathNode node)
    {
        StackGuard.Check();
        if (node.Kind is NodeKind.Constant or NodeKind.Infinity || (node.Kind == NodeKind.Symbol && node.Name is "e" or "i"))
        {
            return true;
        }
        foreach (var child in node.Children)
        {
            if (ContainsConstant(child))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsNamedConstant(string word) => word is "pi" or "Pi" or "inf" or "infty" or "infinity" or "and" or "or";

    /// <summary>"15\frac{39}{40}" is 15 + 39/40: an integer written right before a fraction of integers.</summary>
    private static bool IsMixedNumber(MathNode whole, MathNode fraction) =>
        whole.Kind == NodeKind.Number && whole.DecimalDigits < 0 && whole.Value.IsInteger && !whole.Value.IsZero
        && fraction.Kind == NodeKind.Mul && fraction.Children.Length == 2
        && fraction.Children[0].Kind == NodeKind.Number && fraction.Children[0].Value.IsInteger && fraction.Children[0].Value.Sign > 0
        && fraction.Children[1].Kind == NodeKind.Pow && fraction.Children[1].Children[0].Kind == NodeKind.Number
        && fraction.Children[1].Children[0].Value.IsInteger && fraction.Children[1].Children[0].Value.Sign > 0;

    private void AddUnit(string word)
    {
        Advance();
        string normalized = word.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (normalized is "percent" or "pct" or "percentage" or "%" or "\\%")
        {
            return;
        }
        units.Append(normalized);
        if (IsChar('^'))
        {
            Advance();
            var t = Peek;
            if (t.Kind == TokenKind.Number)
            {
                units.Append('^').Append(t.Value.ToString());
                Advance();
            }
            else if (IsChar('{'))
            {
                Advance();
                units.Append("^{");
                while (!IsChar('}') && Peek.Kind != TokenKind.End)
                {
                    units.Append(Peek.Kind == TokenKind.Number ? Peek.Value.ToString() : Peek.Text + Peek.Ch);
                    Advance();
                }
                units.Append('}');
                if (IsChar('}'))
                {
                    Advance();
                }
            }
        }
        units.Append(';');
    }

    private bool StartsImplicitFactor(Token t) => t.Kind switch
    {
        TokenKind.Number => true,
        TokenKind.Letters => !IsSeparatorWord(t),
        TokenKind.Command => t.Text is not ("pmod" or "mod" or "bmod" or "dots"),
        TokenKind.BeginEnv => true,
        TokenKind.Char => t.Ch is '(' or '{' or '√' or '⦃',
        _ => false,
    };

    private MathNode ParseUnary()
    {
        Enter();
        if (IsChar('-'))
        {
            Advance();
            Enter();
            var inner = MathNode.Negate(ParseUnary());
                return inner;
        }
        if (IsChar('+'))
        {
            Advance();
            return ParseUnary();
        }
        if (IsChar('±') || IsChar('∓'))
        {
            Advance();
            return MathNode.Of(NodeKind.PlusMinus, MathNode.Number(Rational.Zero), ParseUnary());
        }
        return ParsePower();
    }

    private MathNode ParsePower()
    {
        Enter();
        var b = ParsePostfix();
        while (IsChar('^'))
        {
            Advance();
            if (IsChar('°') || (IsChar('{') && IsChar(1, '°') && IsChar(2, '}')))
            {
                SkipDegree();
                continue;
            }
            var e = ParseExponent();
            b = MathNode.Of(NodeKind.Pow, b, e);
            b = ParsePostfixOps(b);
        }
        return b;
    }

    private void SkipDegree()
    {
        if (IsChar('{'))
        {
            Advance();
            Advance();
            Advance();
        }
        else
        {
            Advance();
        }
    }

    private MathNode ParseExponent()
    {
        Enter();
        if (IsChar('-'))
        {
            Advance();
            return MathNode.Negate(ParseExponent());
        }
        if (IsChar('+'))
        {
            Advance();
            return ParseExponent();
        }
        if (IsChar('{'))
        {
            return ParseBraceGroup();
        }
        if (Peek.Kind == TokenKind.Letters)
        {
            return TakeLetter();
        }
        return ParsePrimary();
    }

    private MathNode ParsePostfix() => ParsePostfixOps(ParsePrimary());

    private MathNode ParsePostfixOps(MathNode node)
    {
        while (true)
        {
            if (IsChar('!'))
            {
                Advance();
                node = MathNode.Of(NodeKind.Factorial, node);
            }
            else if (IsChar('%') || IsChar('°') || IsChar('\''))
            {
                Advance();
            }
            else
            {
                return node;
            }
        }
    }

    private MathNode TakeLetter()
    {
        var t = Peek;
        if (t.Text.Length == 1)
        {
            Advance();
        }
        else
        {
            budget.Spend(1, "parsing");
            tokens[pos] = t with { Text = t.Text[1..] };
        }
        return MathNode.Symbol(t.Text[0].ToString());
    }

    /// <summary>A TeX macro argument: a brace group, or a single digit, letter or command.</summary>
    private MathNode ParseArg()
    {
        var t = Peek;
        if (IsChar('{'))
        {
            return ParseBraceGroup();
        }
        if (t.Kind == TokenKind.Number && t.Digits is { Length: > 1 } digits)
        {
            budget.Spend(1, "parsing");
            string rest = digits[1..];
            tokens[pos] = t with { Digits = rest, Value = Rational.FromInteger(System.Numerics.BigInteger.Parse(rest, System.Globalization.CultureInfo.InvariantCulture)) };
            return MathNode.Number(Rational.FromInteger(digits[0] - '0'));
        }
        if (t.Kind == TokenKind.Letters)
        {
            return TakeLetter();
        }
        return ParsePrimary();
    }

    private MathNode ParseBraceGroup()
    {
        Expect('{');
        var items = ParseItems('}');
        return items.Count == 1 ? items[0] : MathNode.Of(NodeKind.Set, [.. items]);
    }

    /// <summary>Comma- or semicolon-separated items up to <paramref name="close"/> (consumed).</summary>
    private List<MathNode> ParseItems(char close, char altClose = '\0')
    {
        Enter();
        var items = new List<MathNode>();
        while (true)
        {
            if (IsChar(close) || (altClose != '\0' && IsChar(altClose)))
            {
                Advance();
                break;
            }
            if (Peek.Kind == TokenKind.End)
            {
                throw new MathParseException($"missing '{close}'");
            }
            if (IsChar(',') || IsChar(';') || IsSeparatorWord(Peek))
            {
                Advance();
                continue;
            }
            int before = pos;
            items.Add(ParseRelation());
            if (pos == before)
            {
                throw new MathParseException("unexpected " + Describe(Peek));
            }
        }
        return items;
    }

    private MathNode ParsePrimary()
    {
        Enter();
        var node = ParsePrimaryCore();
        return node;
    }

    private MathNode ParsePrimaryCore()
    {
        var t = Peek;
        switch (t.Kind)
        {
            case TokenKind.Number:
                Advance();
                return MathNode.Number(t.Value, t.DecimalDigits);
            case TokenKind.Letters:
                return ParseLetters(t);
            case TokenKind.Command:
                return ParseCommand(t);
            case TokenKind.Text:
                Advance();
                return TextNode(t.Text);
            case TokenKind.BeginEnv:
                return ParseEnvironment(t.Text);
            case TokenKind.Char:
                return ParseCharPrimary(t.Ch);
            default:
                throw new MathParseException("unexpected " + Describe(t));
        }
    }

    private MathNode ParseCharPrimary(char c)
    {
        switch (c)
        {
            case '(' or '[':
                {
                    Advance();
                    var items = ParseItems(c == '(' ? ')' : ']', c == '(' ? ']' : ')');
                    char close = tokens[pos - 1].Ch;
                    if (items.Count == 1 && (c == '(' || close == ']' || items[0].Kind == NodeKind.Matrix))
                    {
                        return items[0];
                    }
                    if (items.Count == 0)
                    {
                        throw new MathParseException("empty brackets");
                    }
                    return MathNode.Tuple([.. items], c, close);
                }
            case '{':
                return ParseBraceGroup();
            case '⦃':
                {
                    Advance();
                    var items = ParseItems('⦄');
                    return MathNode.Of(NodeKind.Set, [.. items]);
                }
            case '|':
                {
                    Advance();
                    var inner = ParseExpr();
                    Expect('|');
                    return MathNode.Function("abs", inner);
                }
            case '∞':
                Advance();
                return MathNode.Infinity();
            case '√':
                Advance();
                return MathNode.Function("sqrt", ParseArg());
            default:
                throw new MathParseException("unexpected '" + c + "'");
        }
    }

    private MathNode TextNode(string text)
    {
        string trimmed = text.Trim().Trim('(', ')', '.', ' ');
        if (trimmed.Length == 0)
        {
            throw new MathParseException("empty text");
        }
        if (trimmed.Length == 1 && char.IsLetter(trimmed[0]))
        {
            return MathNode.Symbol(trimmed);
        }
        if (trimmed.Length > 0 && (char.IsAsciiDigit(trimmed[0]) || trimmed[0] == '-') && !trimmed.AsSpan().ContainsAnyExcept("0123456789.,- "))
        {
            var inner = Parse(trimmed, budget).Node;
            if (inner.Children.Length == 1)
            {
                return inner.Children[0];
            }
        }
        return MathNode.Text(NormalizeText(trimmed));
    }

    internal static string NormalizeText(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }

    private MathNode ParseLetters(Token t)
    {
        string w = t.Text;
        if (Functions.Contains(w))
        {
            Advance();
            return ParseFunction(w);
        }
        if (w is "pi" or "Pi")
        {
            Advance();
            return MathNode.Constant("pi");
        }
        if (w is "inf" or "infty" or "infinity" or "oo")
        {
            Advance();
            return MathNode.Infinity();
        }
        if (w.Length >= 3 || (w.Length == 2 && UnitWords.Contains(w)))
        {
            // A word ("odd", "Evelyn"): one symbol, compared as text when it stands alone.
            Advance();
            return Subscripted(MathNode.Symbol(w));
        }
        var letter = TakeLetter();
        return Subscripted(letter);
    }

    /// <summary>"x_1", "a_{37}", "S_{MBCN}": one symbol named with its subscript.</summary>
    private MathNode Subscripted(MathNode symbol)
    {
        if (!IsChar('_'))
        {
            return symbol;
        }
        Advance();
        var sb = new StringBuilder(symbol.Name).Append('_');
        if (IsChar('{'))
        {
            Advance();
            int guard = 0;
            while (!IsChar('}'))
            {
                if (Peek.Kind == TokenKind.End || ++guard > 64)
                {
                    throw new MathParseException("bad subscript");
                }
                AppendTokenText(sb, Peek);
                Advance();
            }
            Advance();
        }
        else
        {
            var t = Peek;
            if (t.Kind == TokenKind.Letters)
            {
                sb.Append(TakeLetter().Name);
                return MathNode.Symbol(sb.ToString());
            }
            if (t.Kind == TokenKind.Number && t.Digits is { Length: > 1 })
            {
                sb.Append(((MathNode)ParseArg()).ToString());
                return MathNode.Symbol(sb.ToString());
            }
            AppendTokenText(sb, t);
            Advance();
        }
        return MathNode.Symbol(sb.ToString());
    }

    private static void AppendTokenText(StringBuilder sb, Token t)
    {
        if (t.Kind == TokenKind.Number)
        {
            sb.Append(t.Value.ToString());
        }
        else if (t.Kind == TokenKind.Char)
        {
            sb.Append(t.Ch);
        }
        else
        {
            sb.Append(t.Text);
        }
    }

    private MathNode ParseCommand(Token t)
    {
        string name = t.Text;
        Advance();
        switch (name)
        {
            case "frac":
                {
                    var num = ParseArg();
                    var den = ParseArg();
                    return MathNode.Of(NodeKind.Mul, num, MathNode.Reciprocal(den));
                }
            case "sqrt":
                {
                    if (IsChar('['))
                    {
                        Advance();
                        var index = ParseExpr();
                        Expect(']');
                        var radicand = ParseArg();
                        return MathNode.Of(NodeKind.Pow, radicand, MathNode.Reciprocal(index));
                    }
                    return MathNode.Function("sqrt", ParseArg());
                }
            case "binom":
                {
                    var n = ParseArg();
                    var k = ParseArg();
                    return MathNode.Function("binom", n, k);
                }
            case "pi" or "Pi":
                return MathNode.Constant("pi");
            case "dots":
                return MathNode.Symbol("...");
            case "exponentialE":
                return MathNode.Constant("e");
            case "mathbf" or "boxed":
                return ParseArg();
            default:
                if (Functions.Contains(name) || ListFunctions.Contains(name) || name is "det" or "floor" or "ceil")
                {
                    return ParseFunction(name);
                }
                if (UnsupportedOperators.Contains(name))
                {
                    throw new MathParseException("\\" + name + " is not supported");
                }
                // Greek letters and unknown macros stand for themselves.
                return Subscripted(MathNode.Symbol("\\" + name));
        }
    }

    private MathNode ParseFunction(string name)
    {
        name = name switch
        {
            "asin" => "arcsin",
            "acos" => "arccos",
            "atan" => "arctan",
            "cosec" => "csc",
            "ctg" => "cot",
            "tg" => "tan",
            "lg" => "log10",
            "asinh" or "arcsinh" => "arsinh",
            "acosh" or "arccosh" => "arcosh",
            "atanh" or "arctanh" => "artanh",
            _ => name,
        };
        MathNode? logBase = null;
        MathNode? power = null;
        if (IsChar('_'))
        {
            Advance();
            logBase = Peek.Kind == TokenKind.Number ? ParsePrimary() : ParseArg();
        }
        if (IsChar('^'))
        {
            Advance();
            power = ParseExponent();
            if (power.Kind == NodeKind.Number && power.Value == Rational.FromInteger(-1) && name is "sin" or "cos" or "tan")
            {
                name = "arc" + name;
                power = null;
            }
        }
        MathNode[] args;
        if (IsChar('('))
        {
            Advance();
            args = [.. ParseItems(')')];
            if (args.Length == 0)
            {
                throw new MathParseException("missing function argument");
            }
        }
        else if (IsChar('{'))
        {
            args = [ParseBraceGroup()];
        }
        else
        {
            args = [ParseImplicitArgument()];
        }
        var call = logBase is null ? MathNode.Function(name, args) : MathNode.Function("logb", args[0], logBase);
        return power is null ? call : MathNode.Of(NodeKind.Pow, call, power);
    }

    /// <summary>"\sin 2x": a product of implicit factors that stops before the next function.</summary>
    private MathNode ParseImplicitArgument()
    {
        var arg = ParsePower();
        while (StartsImplicitFactor(Peek) && !IsFunctionStart(Peek) && Peek.Kind != TokenKind.BeginEnv)
        {
            arg = Combine(NodeKind.Mul, arg, ParsePower());
        }
        return arg;
    }

    private static bool IsFunctionStart(Token t) =>
        (t.Kind is TokenKind.Command or TokenKind.Letters && Functions.Contains(t.Text)) || (t.Kind == TokenKind.Command && t.Text == "frac");

    private MathNode ParseEnvironment(string env)
    {
        Advance();
        if (env is not ("pmatrix" or "bmatrix" or "Bmatrix" or "vmatrix" or "Vmatrix" or "matrix" or "smallmatrix" or "array"))
        {
            throw new MathParseException("environment " + env + " is not supported");
        }
        var rows = new List<MathNode>();
        var cells = new List<MathNode>();
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.EndEnv)
            {
                Advance();
                break;
            }
            if (t.Kind == TokenKind.End)
            {
                throw new MathParseException("unterminated " + env);
            }
            if (t.Kind == TokenKind.Char && t.Ch == '&')
            {
                Advance();
                continue;
            }
            if (t.Kind == TokenKind.Char && t.Ch == '\n')
            {
                Advance();
                if (cells.Count > 0)
                {
                    rows.Add(MathNode.Tuple([.. cells], '[', ']'));
                    cells.Clear();
                }
                continue;
            }
            int before = pos;
            cells.Add(ParseRelation());
            if (pos == before)
            {
                throw new MathParseException("unexpected " + Describe(Peek));
            }
        }
        if (cells.Count > 0)
        {
            rows.Add(MathNode.Tuple([.. cells], '[', ']'));
        }
        if (rows.Count == 0)
        {
            throw new MathParseException("empty matrix");
        }
        return MathNode.Of(NodeKind.Matrix, [.. rows]);
    }
}
