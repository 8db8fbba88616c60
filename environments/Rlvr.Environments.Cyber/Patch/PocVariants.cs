namespace Rlvr.Environments.Cyber.Patch;

/// <summary>
/// Hidden variants of the reference PoCs, so that a patch which only recognises the exact PoC bytes does not pass:
/// the PoC repeated twice, and the PoC with its longest run of one byte made twice as long.
/// </summary>
public static class PocVariants
{
    /// <summary>The variants of <paramref name="poc"/> that fit in <paramref name="maxBytes"/>.</summary>
    /// <param name="poc">A reference PoC.</param>
    /// <param name="maxBytes">The challenge's size limit.</param>
    public static IReadOnlyList<byte[]> Create(byte[] poc, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(poc);
        var variants = new List<byte[]>();
        if (poc.Length == 0)
        {
            return variants;
        }

        var (start, length) = LongestRun(poc);
        byte[] stretched = [.. poc.AsSpan(0, start + length), .. Enumerable.Repeat(poc[start], length), .. poc.AsSpan(start + length)];
        byte[] doubled = [.. poc, .. poc];
        foreach (var candidate in new[] { stretched, doubled })
        {
            if (candidate.Length <= maxBytes && !variants.Exists(v => v.AsSpan().SequenceEqual(candidate)))
            {
                variants.Add(candidate);
            }
        }

        return variants;
    }

    private static (int Start, int Length) LongestRun(byte[] bytes)
    {
        int bestStart = 0, bestLength = 1, start = 0;
        for (int i = 1; i <= bytes.Length; i++)
        {
            if (i < bytes.Length && bytes[i] == bytes[start])
            {
                continue;
            }

            if (i - start > bestLength)
            {
                (bestStart, bestLength) = (start, i - start);
            }

            start = i;
        }

        return (bestStart, bestLength);
    }
}
