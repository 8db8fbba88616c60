using System.Text;

namespace Rlvr.Environments.Cyber.Patching;

/// <summary>Writes a unified diff between two source sets (whole-file hunks: enough for a reference and for tests).</summary>
public static class DiffText
{
    /// <summary>A diff that turns <paramref name="before"/> into <paramref name="after"/>, one whole-file hunk per changed file.</summary>
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
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"@@ -1,{oldLines.Length} +1,{newLines.Length} @@\n");
            foreach (string line in oldLines)
            {
                sb.Append('-').Append(line).Append('\n');
            }

            foreach (string line in newLines)
            {
                sb.Append('+').Append(line).Append('\n');
            }
        }

        return sb.ToString();
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
