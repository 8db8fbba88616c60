using System.Globalization;
using System.Text.RegularExpressions;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>
/// Parses and applies unified diffs without fuzz: every context and removed line must match exactly. A hunk may
/// sit at a different line than it declares (the nearest exact match wins), as with <c>patch</c>'s offsets.
/// </summary>
public static partial class UnifiedDiff
{
    /// <summary>Parses a unified diff.</summary>
    /// <param name="diff">The diff text.</param>
    /// <returns>One entry per file, in diff order.</returns>
    /// <exception cref="PatchFormatException">The diff is malformed or empty.</exception>
    public static IReadOnlyList<FilePatch> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        string normalized = diff.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = (normalized.EndsWith('\n') ? normalized[..^1] : normalized).Split('\n');
        var files = new List<FilePatch>();
        int i = 0;
        while (i < lines.Length)
        {
            if (!lines[i].StartsWith("--- ", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            if (i + 1 >= lines.Length || !lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                throw new PatchFormatException($"diff line {i + 1}: a '---' line must be followed by a '+++' line.");
            }

            string oldPath = StripPath(lines[i][4..]);
            string newPath = StripPath(lines[i + 1][4..]);
            i += 2;
            var hunks = new List<DiffHunk>();
            while (i < lines.Length && lines[i].StartsWith("@@", StringComparison.Ordinal))
            {
                hunks.Add(ParseHunk(lines, ref i));
            }

            if (hunks.Count == 0)
            {
                throw new PatchFormatException($"diff line {i + 1}: file '{newPath}' has no hunks.");
            }

            files.Add(new FilePatch(oldPath, newPath, hunks));
        }

        if (files.Count == 0)
        {
            throw new PatchFormatException("The diff changes no file (no '---'/'+++' header found).");
        }

        return files;
    }

    /// <summary>Applies one file's hunks to its text.</summary>
    /// <param name="text">The original file text.</param>
    /// <param name="patch">The file's hunks.</param>
    /// <returns>The patched text.</returns>
    /// <exception cref="PatchFormatException">A hunk's old lines are not found.</exception>
    public static string Apply(string text, FilePatch patch)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(patch);
        bool trailingNewline = text.EndsWith('\n');
        var lines = new List<string>(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
        if (trailingNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        int offset = 0;
        int searchFrom = 0;
        foreach (var hunk in patch.Hunks)
        {
            int declared = Math.Max(0, hunk.OldStart - 1 + offset);
            int at = FindBlock(lines, hunk.OldLines, declared, searchFrom);
            if (at < 0)
            {
                throw new PatchFormatException($"{patch.NewPath}: the hunk at line {hunk.OldStart.ToString(CultureInfo.InvariantCulture)} does not match the file.");
            }

            lines.RemoveRange(at, hunk.OldLines.Count);
            lines.InsertRange(at, hunk.NewLines);
            offset += hunk.NewLines.Count - hunk.OldLines.Count + (at - declared);
            searchFrom = at + hunk.NewLines.Count;
        }

        string result = string.Join('\n', lines);
        return trailingNewline || lines.Count == 0 ? result + "\n" : result;
    }

    private static DiffHunk ParseHunk(string[] lines, ref int i)
    {
        var match = HunkHeader().Match(lines[i]);
        if (!match.Success)
        {
            throw new PatchFormatException($"diff line {i + 1}: malformed hunk header '{lines[i]}'.");
        }

        int oldStart = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int oldCount = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 1;
        int newCount = match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 1;
        int header = i;
        i++;
        var oldLines = new List<string>();
        var newLines = new List<string>();
        while (i < lines.Length && (oldLines.Count < oldCount || newLines.Count < newCount))
        {
            string line = lines[i];
            if (line.StartsWith('\\'))
            {
                i++;
                continue;
            }

            char kind = line.Length == 0 ? ' ' : line[0];
            string body = line.Length == 0 ? string.Empty : line[1..];
            switch (kind)
            {
                case ' ':
                    oldLines.Add(body);
                    newLines.Add(body);
                    break;
                case '-':
                    oldLines.Add(body);
                    break;
                case '+':
                    newLines.Add(body);
                    break;
                default:
                    throw new PatchFormatException($"diff line {i + 1}: unexpected line in hunk '{line}'.");
            }

            i++;
        }

        if (oldLines.Count != oldCount || newLines.Count != newCount)
        {
            throw new PatchFormatException($"diff line {header + 1}: the hunk declares {oldCount} old and {newCount} new lines but has {oldLines.Count} and {newLines.Count}.");
        }

        while (i < lines.Length && lines[i].StartsWith('\\'))
        {
            i++;
        }

        return new DiffHunk(oldStart, oldLines, newLines);
    }

    private static int FindBlock(List<string> lines, IReadOnlyList<string> block, int declared, int searchFrom)
    {
        int best = -1;
        for (int start = searchFrom; start + block.Count <= lines.Count; start++)
        {
            if (Matches(lines, block, start) && (best < 0 || Math.Abs(start - declared) < Math.Abs(best - declared)))
            {
                best = start;
            }
        }

        return best;
    }

    private static bool Matches(List<string> lines, IReadOnlyList<string> block, int start)
    {
        for (int k = 0; k < block.Count; k++)
        {
            if (!string.Equals(lines[start + k], block[k], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string StripPath(string raw)
    {
        string path = raw.Split('\t')[0].Trim();
        return path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal) ? path[2..] : path;
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", RegexOptions.NonBacktracking)]
    private static partial Regex HunkHeader();
}
