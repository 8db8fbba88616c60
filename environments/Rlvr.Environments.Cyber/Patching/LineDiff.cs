namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// Myers' O((N+M)·D) line diff after trimming the common prefix and suffix, so a small change to a file of any size
/// costs time in proportion to the file plus the square of the change. Past <see cref="MaxEdits"/> differing lines
/// the rest is reported as one replacement (still a correct diff, just not a minimal one).
/// </summary>
internal static class LineDiff
{
    /// <summary>Most differing lines searched for a minimal script.</summary>
    public const int MaxEdits = 1000;

    /// <summary>One line of the edit script: kept (both indexes), deleted (old index) or inserted (new index).</summary>
    public readonly record struct Edit(char Kind, int OldIndex, int NewIndex);

    /// <summary>The edit script turning <paramref name="a"/> into <paramref name="b"/>, in order.</summary>
    public static List<Edit> Compute(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int prefix = 0;
        while (prefix < a.Count && prefix < b.Count && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && string.Equals(a[a.Count - 1 - suffix], b[b.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var edits = new List<Edit>(a.Count + b.Count);
        for (int i = 0; i < prefix; i++)
        {
            edits.Add(new Edit(' ', i, i));
        }

        Middle(a, b, prefix, a.Count - suffix, prefix, b.Count - suffix, edits);
        for (int i = suffix; i > 0; i--)
        {
            edits.Add(new Edit(' ', a.Count - i, b.Count - i));
        }

        return edits;
    }

    private static void Middle(IReadOnlyList<string> a, IReadOnlyList<string> b, int a0, int a1, int b0, int b1, List<Edit> edits)
    {
        int n = a1 - a0;
        int m = b1 - b0;
        int max = Math.Min(n + m, MaxEdits);
        int offset = max + 1;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++)
        {
            trace.Add((int[])v.Clone());
            for (int k = -d; k <= d; k += 2)
            {
                int x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && string.Equals(a[a0 + x], b[b0 + y], StringComparison.Ordinal))
                {
                    x++;
                    y++;
                }

                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0)
        {
            // Too different for a minimal script within the bound: replace the whole middle.
            for (int i = a0; i < a1; i++)
            {
                edits.Add(new Edit('-', i, -1));
            }

            for (int j = b0; j < b1; j++)
            {
                edits.Add(new Edit('+', -1, j));
            }

            return;
        }

        // Walk back through the saved frontiers to recover the path, then emit it forwards.
        var path = new List<Edit>();
        int cx = n;
        int cy = m;
        for (int d = found; d > 0; d--)
        {
            var prev = trace[d];
            int k = cx - cy;
            int prevK = k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1]) ? k + 1 : k - 1;
            int prevX = prev[offset + prevK];
            int prevY = prevX - prevK;
            while (cx > prevX && cy > prevY)
            {
                cx--;
                cy--;
                path.Add(new Edit(' ', a0 + cx, b0 + cy));
            }

            if (cx == prevX)
            {
                cy--;
                path.Add(new Edit('+', -1, b0 + cy));
            }
            else
            {
                cx--;
                path.Add(new Edit('-', a0 + cx, -1));
            }
        }

        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            path.Add(new Edit(' ', a0 + cx, b0 + cy));
        }

        path.Reverse();
        edits.AddRange(path);
    }
}
