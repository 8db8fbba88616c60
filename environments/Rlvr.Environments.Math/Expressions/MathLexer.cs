using System.Globalization;
using System.Numerics;

namespace Rlvr.Environments.Math.Expressions;

/// <summary>Turns LaTeX or plain-text answers into tokens; spacing, delimiters and sizing commands vanish here.</summary>
internal static class MathLexer
{
    private const int MaxDigits = 4000;

    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    public static List<Token> Tokenize(string s, WorkBudget budget)
    {
        var tokens = new List<Token>(s.Length / 2 + 4);
        int i = 0;
        int brackets = 0;
        while (i < s.Length)
        {
            budget.Spend(1, "reading the answer");
            char c = s[i];
            if (char.IsWhiteSpace(c) || c == '$' || c == '~')
            {
                i++;
            }
            else if (c == '\\')
            {
                i = LexBackslash(s, i, tokens);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                // Inside "(12,102)" or "[0,100]" a bare comma separates numbers instead of grouping thousands.
                i = LexNumber(s, i, tokens, bareCommaGroups: brackets == 0);
            }
            else if (char.IsAsciiLetter(c))
            {
                int start = i;
                while (i < s.Length && char.IsAsciiLetter(s[i]))
                {
                    i++;
                }
                tokens.Add(new Token { Kind = TokenKind.Letters, Text = s[start..i] });
            }
            else
            {
                brackets += c is '(' or '[' ? 1 : c is ')' or ']' ? -1 : 0;
                i = LexSymbol(s, i, tokens);
            }
        }
        tokens.Add(new Token { Kind = TokenKind.End, Text = string.Empty });
        return tokens;
    }

    private static void AddChar(List<Token> tokens, char ch) => tokens.Add(new Token { Kind = TokenKind.Char, Ch = ch, Text = string.Empty });

    private static int LexSymbol(string s, int i, List<Token> tokens)
    {
        char c = s[i];
        char next = i + 1 < s.Length ? s[i + 1] : '\0';
        switch (c)
        {
            case '<' when next == '=':
                AddChar(tokens, '≤');
                return i + 2;
            case '>' when next == '=':
                AddChar(tokens, '≥');
                return i + 2;
            case '!' when next == '=':
                AddChar(tokens, '≠');
                return i + 2;
            case '=' when next == '=':
                AddChar(tokens, '=');
                return i + 2;
            case '*' when next == '*':
                AddChar(tokens, '^');
                return i + 2;
            case '+' or '-' or '*' or '/' or '^' or '_' or '(' or ')' or '[' or ']' or '{' or '}' or ',' or ';' or ':'
                or '=' or '<' or '>' or '!' or '|' or '&' or '%' or '≤' or '≥' or '≠' or '∞' or '°' or '±' or '∓' or '∪' or '√' or '\'':
                AddChar(tokens, c);
                return i + 1;
            case '−' or '–':
                AddChar(tokens, '-');
                return i + 1;
            case '×' or '·' or '⋅':
                AddChar(tokens, '*');
                return i + 1;
            case '÷':
                AddChar(tokens, '/');
                return i + 1;
            case '≈':
                AddChar(tokens, '≈');
                return i + 1;
            case '∈':
                AddChar(tokens, '∈');
                return i + 1;
            case 'π':
                tokens.Add(new Token { Kind = TokenKind.Command, Text = "pi" });
                return i + 1;
            case '²' or '³':
                AddChar(tokens, '^');
                tokens.Add(NumberToken(c == '²' ? 2 : 3));
                return i + 1;
            case '.' when next == '.':
                while (i < s.Length && s[i] == '.')
                {
                    i++;
                }
                tokens.Add(new Token { Kind = TokenKind.Command, Text = "dots" });
                return i;
            case '€' or '£' or '¥' or '.' or '"' or '?' or '`' or '…':
                return i + 1;
            default:
                if (char.IsLetter(c))
                {
                    int start = i;
                    while (i < s.Length && char.IsLetter(s[i]) && !char.IsAsciiLetter(s[i]) && s[i] != 'π')
                    {
                        i++;
                    }
                    tokens.Add(new Token { Kind = TokenKind.Text, Text = s[start..i].ToLowerInvariant() });
                    return i;
                }
                throw new MathParseException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"unexpected character U+{(int)c:X4}"));
        }
    }

    private static Token NumberToken(int value) => new()
    {
        Kind = TokenKind.Number,
        Value = Rational.FromInteger(value),
        DecimalDigits = -1,
        Digits = value.ToString(CultureInfo.InvariantCulture),
        Text = string.Empty,
    };

    private static int LexBackslash(string s, int i, List<Token> tokens)
    {
        if (i + 1 >= s.Length)
        {
            return i + 1;
        }
        char n = s[i + 1];
        if (!char.IsAsciiLetter(n))
        {
            switch (n)
            {
                case '\\':
                    tokens.Add(new Token { Kind = TokenKind.Char, Ch = '\n', Text = string.Empty });
                    break;
                case '{':
                    AddChar(tokens, '⦃');
                    break;
                case '}':
                    AddChar(tokens, '⦄');
                    break;
                case '%':
                    AddChar(tokens, '%');
                    break;
                case '|':
                    AddChar(tokens, '|');
                    break;
                default:
                    break; // "\," "\;" "\!" "\ " "\(" "\)" "\[" "\]" "\$": spacing and delimiters.
            }
            return i + 2;
        }
        int start = i + 1;
        int end = start;
        while (end < s.Length && char.IsAsciiLetter(s[end]))
        {
            end++;
        }
        string name = s[start..end];
        switch (name)
        {
            case "left" or "right" or "big" or "Big" or "bigg" or "Bigg" or "bigl" or "bigr" or "Bigl" or "Bigr" or "biggl" or "biggr"
                or "displaystyle" or "textstyle" or "limits" or "nolimits" or "mathbf" or "boldsymbol" or "mathit" or "mathsf"
                or "mathbb" or "mathcal" or "bf" or "rm" or "it" or "vec" or "overline" or "hat" or "bar" or "tilde" or "dot"
                or "overrightarrow" or "widehat" or "underline" or "boxed" or "fbox" or "phantom" or "ensuremath" or "mathrel"
                or "thinspace" or "medspace" or "thickspace" or "negthinspace" or "negmedspace" or "negthickspace" or "enskip"
                or "nobreakspace" or "space" or "nobreak" or "allowbreak":
                if (name == "left" || name == "right" || name.StartsWith("big", StringComparison.OrdinalIgnoreCase))
                {
                    // "\left." and "\right." are invisible delimiters.
                    if (end < s.Length && s[end] == '.')
                    {
                        end++;
                    }
                }
                return end;
            case "quad" or "qquad" or "hfill" or "hspace" or "enspace":
                if (name == "hspace")
                {
                    end = SkipGroup(s, end);
                }
                tokens.Add(new Token { Kind = TokenKind.Separator, Text = name });
                return end;
            case "operatorname":
                return LexOperatorName(s, end, tokens);
            case "text" or "textbf" or "textit" or "textrm" or "textnormal" or "mbox" or "mathrm" or "textsf"
                or "texttt" or "emph" or "hbox" or "textup" or "mathtt":
                return LexText(s, end, tokens);
            case "begin" or "end":
                {
                    int close = ReadGroup(s, end, out string env);
                    env = env.TrimEnd('*');
                    tokens.Add(new Token { Kind = name == "begin" ? TokenKind.BeginEnv : TokenKind.EndEnv, Text = env });
                    if (name == "begin" && env == "array")
                    {
                        close = SkipGroup(s, close);
                    }
                    return close;
                }
            case "le" or "leq" or "leqslant" or "leqq":
                AddChar(tokens, '≤');
                return end;
            case "ge" or "geq" or "geqslant" or "geqq":
                AddChar(tokens, '≥');
                return end;
            case "ne" or "neq":
                AddChar(tokens, '≠');
                return end;
            case "lt":
                AddChar(tokens, '<');
                return end;
            case "gt":
                AddChar(tokens, '>');
                return end;
            case "approx" or "simeq" or "cong" or "equiv" or "sim":
                AddChar(tokens, '≈');
                return end;
            case "in":
                AddChar(tokens, '∈');
                return end;
            case "cdot" or "times" or "ast" or "cdotp" or "bullet":
                AddChar(tokens, '*');
                return end;
            case "div":
                AddChar(tokens, '/');
                return end;
            case "pm":
                AddChar(tokens, '±');
                return end;
            case "mp":
                AddChar(tokens, '∓');
                return end;
            case "cup":
                AddChar(tokens, '∪');
                return end;
            case "infty" or "infin":
                AddChar(tokens, '∞');
                return end;
            case "circ" or "degree" or "degrees":
                AddChar(tokens, '°');
                return end;
            case "lbrace":
                AddChar(tokens, '⦃');
                return end;
            case "rbrace":
                AddChar(tokens, '⦄');
                return end;
            case "langle":
                AddChar(tokens, '(');
                return end;
            case "rangle":
                AddChar(tokens, ')');
                return end;
            case "lvert" or "rvert" or "vert" or "mid" or "lVert" or "rVert" or "Vert":
                AddChar(tokens, '|');
                return end;
            case "colon":
                AddChar(tokens, ':');
                return end;
            case "prime" or "dollar":
                return end;
            case "ldots" or "cdots" or "dots":
                tokens.Add(new Token { Kind = TokenKind.Command, Text = "dots" });
                return end;
            case "dfrac" or "tfrac" or "cfrac" or "frac":
                tokens.Add(new Token { Kind = TokenKind.Command, Text = "frac" });
                return end;
            case "dbinom" or "tbinom" or "binom" or "choose":
                tokens.Add(new Token { Kind = TokenKind.Command, Text = "binom" });
                return end;
            case "percent":
                AddChar(tokens, '%');
                return end;
            default:
                tokens.Add(new Token { Kind = TokenKind.Command, Text = name });
                return end;
        }
    }

    /// <summary>"\operatorname{asin}" (also "\operatorname*{...}") names a function or operator: read it as that command.</summary>
    private static int LexOperatorName(string s, int i, List<Token> tokens)
    {
        int j = i < s.Length && s[i] == '*' ? i + 1 : i;
        int close = ReadGroup(s, j, out string content);
        string name = content.Trim();
        if (close == j || name.Length == 0 || name.AsSpan().ContainsAnyExcept(AsciiLetters))
        {
            return LexText(s, j, tokens);
        }
        tokens.Add(new Token { Kind = TokenKind.Command, Text = name });
        return close;
    }

    private static int LexText(string s, int i, List<Token> tokens)
    {
        int close = ReadGroup(s, i, out string content);
        if (close == i)
        {
            return i;
        }
        content = content.Replace("\\,", " ", StringComparison.Ordinal).Replace("\\ ", " ", StringComparison.Ordinal)
            .Replace("\\!", string.Empty, StringComparison.Ordinal).Trim();
        if (content.Length == 0)
        {
            return close;
        }
        tokens.Add(new Token { Kind = TokenKind.Text, Text = content });
        return close;
    }

    /// <summary>Reads "{...}" (nested) at <paramref name="i"/> after spaces; returns the index after it, or i when none.</summary>
    private static int ReadGroup(string s, int i, out string content)
    {
        int j = i;
        while (j < s.Length && s[j] == ' ')
        {
            j++;
        }
        content = string.Empty;
        if (j >= s.Length || s[j] != '{')
        {
            return i;
        }
        int depth = 0;
        for (int k = j; k < s.Length; k++)
        {
            char c = s[k];
            if (c == '\\')
            {
                k++;
            }
            else if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                content = s[(j + 1)..k];
                return k + 1;
            }
        }
        throw new MathParseException("unbalanced braces");
    }

    private static int SkipGroup(string s, int i) => ReadGroup(s, i, out _);

    private static int LexNumber(string s, int i, List<Token> tokens, bool bareCommaGroups)
    {
        var digits = new System.Text.StringBuilder();
        int j = i;
        int firstGroup = 0;
        while (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            digits.Append(s[j]);
            j++;
            firstGroup++;
        }
        bool grouped = false;
        if (firstGroup is >= 1 and <= 3)
        {
            while (true)
            {
                int after = ThousandsSeparatorEnd(s, j, grouped, bareCommaGroups);
                if (after < 0)
                {
                    break;
                }
                digits.Append(s, after, 3);
                j = after + 3;
                grouped = true;
            }
        }
        int fraction = -1;
        if (j + 1 < s.Length && s[j] == '.' && char.IsAsciiDigit(s[j + 1]))
        {
            j++;
            fraction = 0;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                digits.Append(s[j]);
                j++;
                fraction++;
            }
        }
        if (digits.Length > MaxDigits)
        {
            throw new WorkBudgetExceededException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a number with more than {MaxDigits} digits"));
        }
        int exponent = 0;
        bool scientific = false;
        if (j + 1 < s.Length && (s[j] == 'e' || s[j] == 'E'))
        {
            int k = j + 1;
            int sign = 1;
            if (s[k] == '+' || s[k] == '-')
            {
                sign = s[k] == '-' ? -1 : 1;
                k++;
            }
            int expStart = k;
            while (k < s.Length && char.IsAsciiDigit(s[k]) && k - expStart < 6)
            {
                k++;
            }
            if (k > expStart && (k >= s.Length || !char.IsAsciiLetterOrDigit(s[k])))
            {
                exponent = sign * int.Parse(s.AsSpan(expStart, k - expStart), NumberStyles.None, CultureInfo.InvariantCulture);
                if (System.Math.Abs(exponent) > 1000)
                {
                    throw new WorkBudgetExceededException("a scientific exponent beyond 1000");
                }
                scientific = true;
                j = k;
            }
        }
        string digitText = digits.ToString();
        var integer = BigInteger.Parse(digitText, NumberStyles.None, CultureInfo.InvariantCulture);
        int numberBase = 10;
        if (!scientific && fraction < 0 && j + 1 < s.Length && s[j] == '_')
        {
            // "52_8" and "52_{8}": a number in another base.
            int k = j + 1;
            bool brace = s[k] == '{';
            if (brace)
            {
                k++;
            }
            int baseStart = k;
            while (k < s.Length && char.IsAsciiDigit(s[k]) && k - baseStart < 2)
            {
                k++;
            }
            if (k > baseStart && (!brace || (k < s.Length && s[k] == '}')))
            {
                numberBase = int.Parse(s.AsSpan(baseStart, k - baseStart), NumberStyles.None, CultureInfo.InvariantCulture);
                j = brace ? k + 1 : k;
                if (numberBase is < 2 or > 10)
                {
                    throw new MathParseException("unsupported number base");
                }
                integer = BigInteger.Zero;
                foreach (char d in digitText)
                {
                    int v = d - '0';
                    if (v >= numberBase)
                    {
                        throw new MathParseException("digit out of range for its base");
                    }
                    integer = integer * numberBase + v;
                }
            }
        }
        var value = Rational.FromInteger(integer);
        int decimalDigits = -1;
        if (fraction > 0)
        {
            value = new Rational(integer, BigInteger.Pow(10, fraction));
            decimalDigits = fraction;
        }
        if (scientific)
        {
            value = exponent >= 0 ? value * Rational.FromInteger(BigInteger.Pow(10, exponent)) : value / Rational.FromInteger(BigInteger.Pow(10, -exponent));
            int written = System.Math.Max(fraction, 0) - exponent;
            decimalDigits = written > 0 ? written : -1;
        }
        tokens.Add(new Token
        {
            Kind = TokenKind.Number,
            Value = value,
            DecimalDigits = decimalDigits,
            Digits = fraction < 0 && !scientific && !grouped && numberBase == 10 ? digitText : null,
            Text = string.Empty,
        });
        return j;
    }

    /// <summary>Where the next three-digit group starts when a thousands separator is at <paramref name="j"/>; else -1.</summary>
    private static int ThousandsSeparatorEnd(string s, int j, bool alreadyGrouped, bool bareCommaGroups)
    {
        int k;
        if (j < s.Length && s[j] == ',')
        {
            k = j + 1;
            if (k + 1 < s.Length && s[k] == '\\' && s[k + 1] == '!')
            {
                k += 2;
                while (k < s.Length && s[k] == ' ')
                {
                    k++;
                }
            }
            else if (!bareCommaGroups)
            {
                return -1;
            }
        }
        else if (BracedCommaEnd(s, j) is int braced and > 0)
        {
            k = braced;
        }
        else if (j + 1 < s.Length && s[j] == '\\' && (s[j + 1] == ',' || s[j + 1] == ' '))
        {
            k = j + 2;
        }
        else if (string.CompareOrdinal(s, j, "\\thinspace", 0, 10) == 0)
        {
            k = j + 10;
            while (k < s.Length && s[k] == ' ')
            {
                k++;
            }
        }
        else if (j < s.Length && s[j] == ' ' && (alreadyGrouped || IsSpaceGrouped(s, j)))
        {
            k = j + 1;
        }
        else
        {
            return -1;
        }
        if (k + 3 > s.Length || !char.IsAsciiDigit(s[k]) || !char.IsAsciiDigit(s[k + 1]) || !char.IsAsciiDigit(s[k + 2]))
        {
            return -1;
        }
        if (k + 3 < s.Length && char.IsAsciiDigit(s[k + 3]))
        {
            return -1;
        }
        return k;
    }

    /// <summary>End of "{,}" at <paramref name="j"/>, spaces allowed around and inside ("14 {, }916"); -1 when none.</summary>
    private static int BracedCommaEnd(string s, int j)
    {
        int k = j;
        while (k < s.Length && s[k] == ' ')
        {
            k++;
        }
        if (k + 2 >= s.Length || s[k] != '{')
        {
            return -1;
        }
        k++;
        while (k < s.Length && s[k] == ' ')
        {
            k++;
        }
        if (k >= s.Length || s[k] != ',')
        {
            return -1;
        }
        k++;
        while (k < s.Length && s[k] == ' ')
        {
            k++;
        }
        if (k >= s.Length || s[k] != '}')
        {
            return -1;
        }
        k++;
        while (k < s.Length && s[k] == ' ')
        {
            k++;
        }
        return k;
    }

    /// <summary>"1 000" groups with a space only when nothing but digit groups follow (so "3 100" in prose stays two numbers).</summary>
    private static bool IsSpaceGrouped(string s, int j)
    {
        int k = j;
        while (k < s.Length && s[k] == ' ')
        {
            k++;
        }
        int run = 0;
        while (k < s.Length && (char.IsAsciiDigit(s[k]) || s[k] == ' '))
        {
            if (s[k] == ' ')
            {
                if (run != 3)
                {
                    return false;
                }
                run = 0;
            }
            else
            {
                run++;
            }
            k++;
        }
        return run == 3 && (k >= s.Length || !char.IsAsciiLetterOrDigit(s[k]));
    }
}
