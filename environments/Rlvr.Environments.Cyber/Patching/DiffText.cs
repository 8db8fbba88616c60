using System.Text;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// Writes a unified diff between two source sets: minimal hunks with three lines of context (<see cref="LineDiff"/>,
/// Myers), so a one-line change to a file of any size is a one-line hunk.
/// </summary>
public static class DiffText
{
    private const int Context = 3;

    /// <summary>A diff that turns <paramref name="before"/> into <paramref name="after"/>.</summary>
    /// <param name="before">Files by relative path.</param>
    /// <param name="after">Files by relative path (same keys).</param>
    public static string Create(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var sb = new StringBuilder();
        foreach (var (path, oldText) in before.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!after.TryGetValue(path, out string? newText) || string.Equals(oldText, newText, StringComparison.Ordinal))
            {
                continue;
            }

            var oldLines = SplitLines(oldText);
            var newLines = SplitLines(newText);
            sb.Append("--- a/").Append(path).Append('\n');
            sb.Append("+++ b/").Append(path).Append('\n');
            AppendHunks(sb, oldLines, newLines);
        }

        return sb.ToString();
    }

    private static void AppendHunks(StringBuilder sb, string[] oldLines, string[] newLines)
    {
        var edits = LineDiff.Compute(oldLines, newLines);
        int i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from Context lines before this change to Context lines after the last change that is at most
            // 2*Context kept lines away from the next one.
            int start = Math.Max(0, i - Context);
            int end = i;
            int lastChange = i;
            while (end < edits.Count)
            {
                if (edits[end].Kind != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * Context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + 1 + Context);
            int oldStart = -1;
            int newStart = -1;
            int oldCount = 0;
            int newCount = 0;
            for (int j = start; j < end; j++)
            {
                var e = edits[j];
                if (e.Kind != '+')
                {
                    oldStart = oldStart < 0 ? e.OldIndex : oldStart;
                    oldCount++;
                }

                if (e.Kind != '-')
                {
                    newStart = newStart < 0 ? e.NewIndex : newStart;
                    newCount++;
                }
            }

            // An empty side starts after the line before the hunk (0 at the start of the file).
            oldStart = oldCount == 0 ? LineBefore(edits, start, old: true) : oldStart + 1;
            newStart = newCount == 0 ? LineBefore(edits, start, old: false) : newStart + 1;
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldCount} +{newStart},{newCount} @@\n");
            for (int j = start; j < end; j++)
            {
                var e = edits[j];
                sb.Append(e.Kind).Append(e.Kind == '+' ? newLines[e.NewIndex] : oldLines[e.OldIndex]).Append('\n');
            }

            i = end;
        }
    }

    private static int LineBefore(List<LineDiff.Edit> edits, int start, bool old)
    {
        for (int j = start - 1; j >= 0; j--)
        {
            int index = old ? edits[j].OldIndex : edits[j].NewIndex;
            if (index >= 0)
            {
                return index + 1;
            }
        }

        return 0;
    }

    private static string[] SplitLines(string text)
    {
        string normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Length == 0 ? [] : normalized.Split('\n');
    }
}
