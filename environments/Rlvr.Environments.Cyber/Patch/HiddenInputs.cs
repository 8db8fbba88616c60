using System.Security.Cryptography;
using System.Text;

namespace Rlvr.Environments.Cyber.Patch;

/// <summary>
/// The hidden inputs a candidate patch must survive besides the reference PoCs: variants that scale a PoC far past its
/// size (its longest periodic run stretched up to 256 times, its longest line repeated up to 128 times, both at once,
/// the whole PoC repeated, the run's byte swapped for another), and a mutation fuzz seeded from the PoCs, the polls
/// and those variants (bit flips, byte changes, range deletions, duplications and insertions, splices of two seeds).
/// The fuzz is deterministic for a given seed, so the same patch always meets the same inputs.
/// </summary>
public static class HiddenInputs
{
    /// <summary>Largest hidden input, in bytes (stays under Linux's 128 KiB limit of one argument).</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0xff, (byte)'0', (byte)'9', (byte)'-', (byte)',', (byte)'\n', (byte)' ', (byte)'%', (byte)'A'];

    /// <summary>Size-scaling variants of one PoC, distinct, each at most <see cref="MaxBytes"/>.</summary>
    /// <param name="poc">A reference PoC.</param>
    public static IReadOnlyList<byte[]> Scaled(byte[] poc)
    {
        ArgumentNullException.ThrowIfNull(poc);
        var variants = new List<byte[]>();
        if (poc.Length == 0)
        {
            return variants;
        }

        void Add(byte[] candidate)
        {
            if (candidate.Length > 0 && candidate.Length <= MaxBytes && !candidate.AsSpan().SequenceEqual(poc) && !variants.Exists(v => v.AsSpan().SequenceEqual(candidate)))
            {
                variants.Add(candidate);
            }
        }

        var run = LongestPeriodicRun(poc);
        foreach (int factor in new[] { 2, 4, 16, 64, 256 })
        {
            Add(Stretch(poc, run, factor));
        }

        var line = LongestLine(poc);
        foreach (int times in new[] { 2, 16, 128 })
        {
            Add(RepeatRange(poc, line.Start, line.Length, times));
        }

        byte[] stretched = Stretch(poc, run, 16);
        var stretchedLine = LongestLine(stretched);
        Add(RepeatRange(stretched, stretchedLine.Start, stretchedLine.Length, 16));
        Add(RepeatRange(poc, 0, poc.Length, 2));
        Add(RepeatRange(poc, 0, poc.Length, 16));

        // The run's byte swapped for its neighbour ('A' becomes 'B'), so a patch keyed on the PoC's bytes meets others.
        foreach (byte[] source in new[] { poc, Stretch(poc, run, 4) })
        {
            var swappedRun = LongestPeriodicRun(source);
            byte[] swapped = (byte[])source.Clone();
            for (int i = swappedRun.Start; i < swappedRun.Start + swappedRun.Length; i++)
            {
                swapped[i] = Neighbour(swapped[i]);
            }

            Add(swapped);
        }

        return variants;
    }

    /// <summary>A deterministic mutation fuzz: <paramref name="count"/> inputs derived from <paramref name="seeds"/>.</summary>
    /// <param name="seeds">Seed inputs (PoCs, polls, scaled variants).</param>
    /// <param name="count">How many mutants.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="textOnly">Keep every mutant NUL-free UTF-8 (inputs delivered as an argument).</param>
    public static IReadOnlyList<byte[]> Mutate(IReadOnlyList<byte[]> seeds, int count, int seed, bool textOnly)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var usable = seeds.Where(s => s.Length > 0).ToArray();
        var mutants = new List<byte[]>(count);
        if (usable.Length == 0)
        {
            return mutants;
        }

        var random = new Random(seed);
        int attempts = 0;
        while (mutants.Count < count && attempts++ < count * 8)
        {
            var bytes = new List<byte>(usable[random.Next(usable.Length)]);
            int steps = 1 + random.Next(4);
            for (int s = 0; s < steps; s++)
            {
                MutateOnce(bytes, usable, random);
            }

            byte[] mutant = [.. bytes];
            if (mutant.Length == 0 || mutant.Length > MaxBytes || (textOnly && !IsText(mutant)))
            {
                continue;
            }

            mutants.Add(mutant);
        }

        return mutants;
    }

    /// <summary>A stable 32-bit seed from text (challenge id and candidate sources).</summary>
    /// <param name="parts">The text.</param>
    public static int SeedOf(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts)));
        return BitConverter.ToInt32(hash, 0);
    }

    private static void MutateOnce(List<byte> bytes, byte[][] seeds, Random random)
    {
        if (bytes.Count == 0)
        {
            bytes.Add(Interesting[random.Next(Interesting.Length)]);
            return;
        }

        int at = random.Next(bytes.Count);
        switch (random.Next(8))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[at] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                bytes[at] = (byte)(0x20 + random.Next(0x5f));
                break;
            case 3:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(Math.Max(1, bytes.Count / 4))));
                break;
            case 4:
            {
                int length = Math.Min(bytes.Count - at, 1 + random.Next(16));
                var chunk = bytes.GetRange(at, length);
                int times = 1 + random.Next(64);
                for (int t = 0; t < times && bytes.Count + chunk.Count <= MaxBytes; t++)
                {
                    bytes.InsertRange(at, chunk);
                }

                break;
            }

            case 5:
                bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)(0x20 + random.Next(0x5f))));
                break;
            case 6:
            {
                byte[] other = seeds[random.Next(seeds.Length)];
                int from = random.Next(other.Length);
                bytes.InsertRange(at, other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(64))).ToArray());
                break;
            }

            default:
            {
                // Change a number: digits become a larger or extreme value.
                int digit = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                if (digit < 0)
                {
                    bytes[at] = Neighbour(bytes[at]);
                    break;
                }

                int end = digit;
                while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9')
                {
                    end++;
                }

                string[] numbers = ["0", "1", "255", "256", "65535", "65536", "2147483647", "4294967295", "99999999999"];
                bytes.RemoveRange(digit, end - digit);
                bytes.InsertRange(digit, Encoding.ASCII.GetBytes(numbers[random.Next(numbers.Length)]));
                break;
            }
        }
    }

    /// <summary>Text mutants stay what an argv-safe input is: no NUL, valid UTF-8 (one rule with the loader's).</summary>
    private static bool IsText(byte[] bytes) => Challenges.ChallengeLoader.IsArgvSafe(bytes);

    private static byte Neighbour(byte b) => b switch
    {
        (byte)'z' => (byte)'y',
        (byte)'Z' => (byte)'Y',
        (byte)'9' => (byte)'8',
        0xff => 0xfe,
        (byte)'\n' => (byte)'\n',
        _ => (byte)(b + 1),
    };

    /// <summary>The longest substring made of one unit of 1 to 4 bytes repeated (at least twice); a single byte if none.</summary>
    internal static (int Start, int Length, int Period) LongestPeriodicRun(byte[] bytes)
    {
        (int Start, int Length, int Period) best = (0, Math.Min(1, bytes.Length), 1);
        for (int period = 1; period <= 4; period++)
        {
            int start = 0;
            for (int i = period; i <= bytes.Length; i++)
            {
                if (i < bytes.Length && bytes[i] == bytes[i - period])
                {
                    continue;
                }

                int length = i - start;
                if (length >= 2 * period && length > best.Length)
                {
                    best = (start, length - (length % period), period);
                }

                start = i - period + 1;
                if (start < 0)
                {
                    start = 0;
                }
            }
        }

        return best;
    }

    private static byte[] Stretch(byte[] poc, (int Start, int Length, int Period) run, int factor)
    {
        var unit = poc.AsSpan(run.Start, Math.Max(1, run.Period)).ToArray();
        long extra = (long)run.Length * (factor - 1);
        int copies = (int)Math.Min(extra / unit.Length, MaxBytes);
        var result = new List<byte>(poc.Length + (copies * unit.Length));
        result.AddRange(poc.AsSpan(0, run.Start + run.Length).ToArray());
        for (int i = 0; i < copies && result.Count <= MaxBytes; i++)
        {
            result.AddRange(unit);
        }

        result.AddRange(poc.AsSpan(run.Start + run.Length).ToArray());
        return [.. result];
    }

    private static (int Start, int Length) LongestLine(byte[] bytes)
    {
        (int Start, int Length) best = (0, 0);
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                int length = Math.Min(i + 1, bytes.Length) - start;
                if (length > best.Length)
                {
                    best = (start, length);
                }

                start = i + 1;
            }
        }

        return best;
    }

    private static byte[] RepeatRange(byte[] bytes, int start, int length, int times)
    {
        if (length <= 0 || (long)bytes.Length + ((long)length * (times - 1)) > MaxBytes)
        {
            return [];
        }

        var result = new List<byte>(bytes.Length + (length * (times - 1)));
        result.AddRange(bytes.AsSpan(0, start + length).ToArray());
        for (int t = 1; t < times; t++)
        {
            result.AddRange(bytes.AsSpan(start, length).ToArray());
        }

        result.AddRange(bytes.AsSpan(start + length).ToArray());
        return [.. result];
    }
}
