using System.Text;

namespace Rlvr.Core.Extraction;

/// <summary>Reads the last number of a text; the one rule behind every "last number" in Rlvr.</summary>
internal static class NumberScanner
{
    /// <summary>
    /// The last number of <paramref name="text"/>: its sign, a fraction <c>2/3</c>, the <c>\frac{..}{..}</c> or
    /// <c>\sqrt{..}</c> around it, and its separators read by one rule: commas that are each followed by exactly three
    /// digits group thousands (<c>7,425,000</c> is 7425000, <c>1,234.5</c> is 1234.5); a single other comma is a decimal
    /// comma (<c>2,74</c> is 2.74); several commas that do not group thousands separate a list (<c>1,2,3</c> gives 3).
    /// <see langword="null"/> when the text has no digit.
    /// </summary>
    public static string? LastNumber(ReadOnlySpan<char> text)
    {
        int i = text.Length - 1;
        while (i >= 0 && !char.IsAsciiDigit(text[i]))
        {
            i--;
        }
        if (i < 0)
        {
            return null;
        }
        int end = i + 1;
        int start = NumberStart(text, end);
        if (start >= 2 && text[start - 1] == '/' && char.IsAsciiDigit(text[start - 2]))
        {
            start = NumberStart(text, start - 1);
        }
        string? list = ListTail(text[start..end]);
        if (list is not null)
        {
            return list;
        }
        if (start > 0 && text[start - 1] == '-' && (start < 2 || !char.IsLetterOrDigit(text[start - 2])))
        {
            start--;
        }
        if (EnclosingFraction(text, start, end) is { } fraction)
        {
            // "the ratio is \frac{2}{5}": the last number is the fraction, not its denominator.
            return fraction;
        }
        return ReadSeparators(text[start..end]);
    }

    /// <summary>The last item of "1,2,3" (commas that neither group thousands nor mark one decimal); null otherwise.</summary>
    private static string? ListTail(ReadOnlySpan<char> number)
    {
        int commas = number.Count(',');
        if (commas < 2 || GroupsThousands(number))
        {
            return null;
        }
        return ReadSeparators(number[(number.LastIndexOf(',') + 1)..]);
    }

    private static string ReadSeparators(ReadOnlySpan<char> number)
    {
        if (!number.Contains(','))
        {
            return number.ToString();
        }
        bool thousands = GroupsThousands(number);
        var sb = new StringBuilder(number.Length);
        foreach (char c in number)
        {
            if (c != ',')
            {
                sb.Append(c);
            }
            else if (!thousands)
            {
                sb.Append('.');
            }
        }
        return sb.ToString();
    }

    /// <summary>Whether every comma is followed by exactly three digits (then the end, another group, a point or a slash).</summary>
    private static bool GroupsThousands(ReadOnlySpan<char> number)
    {
        for (int k = 0; k < number.Length; k++)
        {
            if (number[k] != ',')
            {
                continue;
            }
            int digits = 0;
            while (k + 1 + digits < number.Length && char.IsAsciiDigit(number[k + 1 + digits]))
            {
                digits++;
            }
            if (digits != 3 || (k + 4 < number.Length && number[k + 4] is not (',' or '.' or '/')))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The outermost "\frac{..}{..}" / "\sqrt{..}" (with a sign before it) around [start, end); null when none.</summary>
    private static string? EnclosingFraction(ReadOnlySpan<char> text, int start, int end)
    {
        int from = -1;
        int to = -1;
        for (int round = 0; round < 8; round++)
        {
            int command = EnclosingCommand(text, start, end, out int commandEnd);
            if (command < 0)
            {
                break;
            }
            (from, to, start, end) = (command, commandEnd, command, commandEnd);
        }
        if (from < 0)
        {
            return null;
        }
        int sign = from - 1;
        while (sign >= 0 && text[sign] == ' ')
        {
            sign--;
        }
        if (sign >= 0 && text[sign] == '-' && (sign == 0 || !char.IsLetterOrDigit(text[sign - 1])))
        {
            from = sign;
        }
        return text[from..to].ToString();
    }

    /// <summary>Start of the nearest "\frac"-like or "\sqrt" command whose arguments contain [start, end); -1 when none.</summary>
    private static int EnclosingCommand(ReadOnlySpan<char> text, int start, int end, out int commandEnd)
    {
        commandEnd = -1;
        int searchEnd = start;
        for (int tries = 0; tries < 4; tries++)
        {
            int at = System.Math.Max(text[..searchEnd].LastIndexOf("\\frac"), System.Math.Max(
                System.Math.Max(text[..searchEnd].LastIndexOf("\\dfrac"), text[..searchEnd].LastIndexOf("\\tfrac")),
                System.Math.Max(text[..searchEnd].LastIndexOf("\\cfrac"), text[..searchEnd].LastIndexOf("\\sqrt"))));
            if (at < 0 || start - at > 400)
            {
                return -1;
            }
            int i = at + 1;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }
            bool sqrt = text[(at + 1)..i].SequenceEqual("sqrt");
            if (sqrt && i < text.Length && text[i] == '[')
            {
                int close = text[i..].IndexOf(']');
                i = close < 0 ? text.Length : i + close + 1;
            }
            for (int arg = 0; arg < (sqrt ? 1 : 2) && i < text.Length; arg++)
            {
                while (i < text.Length && text[i] == ' ')
                {
                    i++;
                }
                i = i < text.Length && text[i] == '{' ? GroupEnd(text, i) : i + 1;
                if (i < 0)
                {
                    break;
                }
            }
            if (i > 0 && i >= end && i <= text.Length)
            {
                commandEnd = i;
                return at;
            }
            searchEnd = at;
        }
        return -1;
    }

    /// <summary>Index after the brace group that opens at <paramref name="open"/> (or the text's end when unclosed).</summary>
    private static int GroupEnd(ReadOnlySpan<char> text, int open)
    {
        int depth = 0;
        for (int k = open; k < text.Length; k++)
        {
            if (text[k] == '{')
            {
                depth++;
            }
            else if (text[k] == '}' && --depth == 0)
            {
                return k + 1;
            }
        }
        return -1;
    }

    private static int NumberStart(ReadOnlySpan<char> text, int end)
    {
        int start = end;
        while (start > 0 && char.IsAsciiDigit(text[start - 1]))
        {
            start--;
        }
        while (start >= 2 && (text[start - 1] == '.' || text[start - 1] == ',') && char.IsAsciiDigit(text[start - 2]))
        {
            start--;
            while (start > 0 && char.IsAsciiDigit(text[start - 1]))
            {
                start--;
            }
        }
        return start;
    }
}
