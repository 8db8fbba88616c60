using System.Globalization;
using System.Text.RegularExpressions;
using Rlvr.Environments.Code.Stdio;

namespace Rlvr.Environments.Code.Data;

/// <summary>
/// What a competitive-programming statement says about judging its output, read from its wording: whether exact
/// comparison with the recorded output is unfair (several valid outputs, a yes/no verdict followed by a construction,
/// or an interactive protocol), and any numeric tolerance it declares ("absolute or relative error does not exceed
/// 10^{-6}"). CodeContests rows carry no such label, so the loader derives it here; a problem flagged this way stays
/// listed but is unscorable (<c>needs_judge</c>) until a checker or interactor is given.
/// </summary>
/// <remarks>
/// The detector leans towards flagging: a problem wrongly flagged is only left unscored, while one wrongly left
/// unflagged would score correct programs 0. Its rules are checked against the 20 CodeContests sample problems whose
/// labels were set by reading each statement (<c>StatementJudgingTests</c>).
/// </remarks>
public static partial class StatementJudging
{
    /// <summary>Whether the statement describes an interactive problem or accepts more than one output.</summary>
    /// <param name="statement">The problem statement.</param>
    public static bool NeedsJudge(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return IsInteractive(statement) || AcceptsSeveralOutputs(statement);
    }

    /// <summary>Whether the statement describes an interactive protocol (an interactor, an "Interaction" section, flushing).</summary>
    /// <param name="statement">The problem statement.</param>
    public static bool IsInteractive(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return Interactive().IsMatch(statement);
    }

    /// <summary>
    /// Whether the statement accepts more than one output: "if there are multiple answers, print any", "output any of
    /// them", "any correct answer will be accepted", "print the indices in any order", or a yes/no verdict followed by a witness ("print YES in the first line and the array ...", "in case your
    /// answer is Yes, print ...").
    /// </summary>
    /// <param name="statement">The problem statement.</param>
    public static bool AcceptsSeveralOutputs(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (PrintAny().IsMatch(statement) || YesThenWitness().IsMatch(statement))
        {
            return true;
        }

        // One sentence naming several answers and allowing any of them ("If there are several optimal solutions,
        // output any of them"); "several optimal variants, Bob chooses the one ..." names a unique answer.
        return SentenceBreak().Split(statement).Any(s => Several().IsMatch(s) && AnyWord().IsMatch(s));
    }

    /// <summary>
    /// The numeric tolerance the statement declares ("absolute or relative error does not exceed 10^{-4}"), or
    /// <see langword="null"/> when it declares none. A bound stated only for the absolute (or relative) error gives a
    /// zero bound for the other.
    /// </summary>
    /// <param name="statement">The problem statement.</param>
    public static FloatTolerance? Tolerance(string statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var match = ToleranceClause().Match(statement);
        if (!match.Success)
        {
            return null;
        }

        string digits = match.Groups["exp"].Value;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int exponent) || exponent is < 1 or > 15)
        {
            return null;
        }

        double bound = Math.Pow(10, -exponent);
        string kind = match.Groups["kind"].Value;
        bool relative = kind.Contains("relative", StringComparison.OrdinalIgnoreCase);
        bool absolute = kind.Contains("absolute", StringComparison.OrdinalIgnoreCase);
        return new FloatTolerance(relative ? bound : 0, absolute ? bound : 0);
    }

    [GeneratedRegex(@"\binteractive\s+problem\b|\binteractor\b|(^|\n)\s*Interaction\s*(\n|$)|\bflush\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Interactive();

    [GeneratedRegex(@"\b(print|output|write)\s+(any|an\s+arbitrary)\b|\bany\s+of\s+them\b|\banswers?\s+(is|are)\s+not\s+unique\b|\bany\s+(\w+\s+){0,2}(answer|solution|output)s?\s+(will\s+be|is|are|would\s+be)\s+(accepted|considered\s+correct)\b|\b(print|output)\b[^.\n]{0,80}\bin\s+any\s+order\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrintAny();

    [GeneratedRegex(@"\b(in\s+case|if)\s+(your|the)\s+answer\s+is\s+[""'“]?yes\b|\b(print|output)\s+[""'“]?yes[""'”]?\s+(in|on)\s+the\s+first\s+line\b|\b(print|output)\s+[""'“]?yes[""'”]?\s*,?\s+(and\s+)?then\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YesThenWitness();

    [GeneratedRegex(@"(?<=[.!?])\s+|\n", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(multiple|several|many|more\s+than\s+one)\s+(possible\s+|valid\s+|correct\s+|optimal\s+|suitable\s+)?(answers|solutions|outputs|ways\s+to\s+answer)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Several();

    [GeneratedRegex(@"\bany\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnyWord();

    [GeneratedRegex(@"(?<kind>(absolute|relative)(\s+or\s+(absolute|relative))?)\s+errors?\b[^.]{0,80}?(10\s*\^\s*\{?\s*\(?\s*[-−–]\s*(?<exp>\d{1,2})|\b1e\s*[-−–]\s*(?<exp>\d{1,2})|\b10\s+[-−–]\s*(?<exp>\d{1,2})\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ToleranceClause();
}
