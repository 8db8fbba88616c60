using System.Text;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// C source as the compiler's first phases see it: line splices joined, comments replaced by white space (a block
/// comment keeps its newlines, which is stricter than the compiler), literals dropped, then split into logical lines
/// and tokens. Policy decisions are made on this view, never on how a diff is spelled, so <c>/**/ #define</c>,
/// spliced identifiers and <c>%:</c> digraphs look exactly like what they are.
/// </summary>
internal static class CSource
{
    /// <summary>One token: identifiers, numbers and punctuators (<c>#</c>, <c>##</c>, <c>%:</c> spelled as <c>#</c>).</summary>
    /// <param name="Text">The token text.</param>
    /// <param name="IsIdentifier">Whether it is an identifier.</param>
    /// <param name="StartsLine">Whether it is the first token of its logical line.</param>
    public readonly record struct Token(string Text, bool IsIdentifier, bool StartsLine);

    /// <summary>The logical lines of <paramref name="code"/> after splicing and comment removal, with literals emptied.</summary>
    public static string[] LogicalLines(string code) => Clean(code, keepLiterals: false).Split('\n');

    /// <summary>The tokens of <paramref name="code"/> (comments, literals and splices removed).</summary>
    public static List<Token> Tokenize(string code)
    {
        var tokens = new List<Token>();
        foreach (string line in LogicalLines(code))
        {
            bool first = true;
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }

                int start = i;
                string text;
                bool identifier = false;
                if (char.IsAsciiLetter(c) || c == '_' || c == '$' || c > 127)
                {
                    while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '$' || line[i] > 127))
                    {
                        i++;
                    }

                    text = line[start..i];
                    identifier = true;
                }
                else if (char.IsAsciiDigit(c))
                {
                    while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.'))
                    {
                        i++;
                    }

                    text = line[start..i];
                }
                else if (c == '#' || (c == '%' && i + 1 < line.Length && line[i + 1] == ':'))
                {
                    i += c == '#' ? 1 : 2;
                    bool paste = (i < line.Length && line[i] == '#') || (i + 1 < line.Length && line[i] == '%' && line[i + 1] == ':');
                    if (paste)
                    {
                        i += line[i] == '#' ? 1 : 2;
                    }

                    text = paste ? "##" : "#";
                }
                else if (c == '[' && i + 1 < line.Length && line[i + 1] == '[')
                {
                    i += 2;
                    text = "[[";
                }
                else if (c == '<' && i + 1 < line.Length && line[i + 1] == ':')
                {
                    // The digraph of '['.
                    i += 2;
                    text = "[";
                }
                else
                {
                    i++;
                    text = c.ToString();
                }

                tokens.Add(new Token(text, identifier, first));
                first = false;
            }
        }

        return tokens;
    }

    /// <summary>
    /// The preprocessing directives of <paramref name="code"/>, one per logical line, with white space normalised
    /// (<c>#  include &lt;a.h&gt;</c> becomes <c>#include &lt;a.h&gt;</c>).
    /// </summary>
    public static List<string> Directives(string code)
    {
        var directives = new List<string>();
        foreach (string line in Clean(code, keepLiterals: true).Split('\n'))
        {
            string trimmed = line.TrimStart();
            bool hash = trimmed.StartsWith('#');
            bool digraph = trimmed.StartsWith("%:", StringComparison.Ordinal);
            if (!hash && !digraph)
            {
                continue;
            }

            string rest = trimmed[(hash ? 1 : 2)..].Trim();
            directives.Add("#" + string.Join(' ', rest.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
        }

        return directives;
    }

    /// <summary>Number of trigraph sequences (<c>??=</c> and the like) in <paramref name="code"/>.</summary>
    public static int TrigraphCount(string code)
    {
        int count = 0;
        for (int i = 0; i + 2 < code.Length; i++)
        {
            if (code[i] == '?' && code[i + 1] == '?' && "=/'()!<>-".Contains(code[i + 2], StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Splices joined, comments replaced by white space (newlines kept), literal contents dropped unless kept.</summary>
    internal static string Clean(string code, bool keepLiterals)
    {
        string text = code.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var spliced = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            // A backslash, optional spaces (gcc accepts them with a warning) and a newline: one logical line.
            if (text[i] == '\\')
            {
                int j = i + 1;
                while (j < text.Length && text[j] is ' ' or '\t')
                {
                    j++;
                }

                if (j < text.Length && text[j] == '\n')
                {
                    i = j;
                    continue;
                }
            }

            spliced.Append(text[i]);
        }

        string s = spliced.ToString();
        var sb = new StringBuilder(s.Length);
        int k = 0;
        while (k < s.Length)
        {
            char c = s[k];
            if (c == '/' && k + 1 < s.Length && s[k + 1] == '/')
            {
                while (k < s.Length && s[k] != '\n')
                {
                    k++;
                }

                sb.Append(' ');
            }
            else if (c == '/' && k + 1 < s.Length && s[k + 1] == '*')
            {
                int end = s.IndexOf("*/", k + 2, StringComparison.Ordinal);
                int stop = end < 0 ? s.Length : end + 2;
                sb.Append(' ');
                for (int m = k; m < stop; m++)
                {
                    if (s[m] == '\n')
                    {
                        sb.Append('\n');
                    }
                }

                k = stop;
            }
            else if (c is '"' or '\'')
            {
                int start = k;
                k++;
                while (k < s.Length && s[k] != c && s[k] != '\n')
                {
                    k += s[k] == '\\' ? 2 : 1;
                }

                k = Math.Min(k + 1, s.Length);
                if (keepLiterals)
                {
                    sb.Append(s, start, k - start);
                }
                else
                {
                    sb.Append(c).Append(c);
                }
            }
            else
            {
                sb.Append(c);
                k++;
            }
        }

        return sb.ToString();
    }
}
