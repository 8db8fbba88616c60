namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// The lines a change really adds (a longest-common-subsequence diff), so that a diff which deletes and re-adds
/// unchanged lines is judged on what it changes, not on how it is written.
/// </summary>
internal static class LineDiff
{
    private const long MaxCells = 16_000_000;

    public static IReadOnlyList<string> AddedLines(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        if ((long)a.Length * b.Length > MaxCells)
        {
            // Too large to align: every line of the new text is treated as added (stricter, never looser).
            return b;
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var added = new List<string>();
        int x = 0, y = 0;
        while (y < b.Length)
        {
            if (x < a.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                x++;
                y++;
            }
            else if (x < a.Length && lcs[x + 1, y] >= lcs[x, y + 1])
            {
                x++;
            }
            else
            {
                added.Add(b[y]);
                y++;
            }
        }

        return added;
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
