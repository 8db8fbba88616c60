using System.Text;
using System.Text.RegularExpressions;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Debian;

/// <summary>
/// Turns a Debian challenge's trees into ordinary challenge sources: the files the build needs become
/// <c>src/&lt;path&gt;</c> entries of the vulnerable and patched versions, and the shown files are the prompt's.
/// </summary>
internal static class TreeFiles
{
    /// <summary>Reads the sources of <paramref name="source"/>; problems go to <paramref name="issues"/> under <paramref name="where"/>.</summary>
    public static (Dictionary<string, string> Vulnerable, Dictionary<string, string> Patched, List<string> Shown)? Read(
        ChallengeSource source, string where, List<ChallengeIssue> issues, Func<DebianSource, string>? trees = null)
    {
        if (source.Debian is not { } debian || string.IsNullOrWhiteSpace(debian.Package) || string.IsNullOrWhiteSpace(debian.Version) || string.IsNullOrWhiteSpace(debian.Patch))
        {
            issues.Add(new ChallengeIssue(where + ".debian", "package, version and patch are required"));
            return null;
        }

        if (source.Files is not { Count: > 0 } shownFiles)
        {
            issues.Add(new ChallengeIssue(where + ".files", "at least one file must be shown to the model"));
            return null;
        }

        string root;
        try
        {
            root = (trees ?? (s => DebianTrees.Get(s)))(debian);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            issues.Add(new ChallengeIssue(where + ".debian", $"the sources of {debian.Package} {debian.Version} ({debian.Patch}) are not available: {ex.Message}"));
            return null;
        }

        var vulnerable = new Dictionary<string, string>(StringComparer.Ordinal);
        var patched = new Dictionary<string, string>(StringComparer.Ordinal);
        var patterns = (source.BuildFiles ?? []).Concat(shownFiles).ToList();
        for (int i = 0; i < patterns.Count; i++)
        {
            bool shown = i >= (source.BuildFiles?.Count ?? 0);
            string pattern = patterns[i];
            string field = shown ? $"{where}.files[{i - (source.BuildFiles?.Count ?? 0)}]" : $"{where}.build_files[{i}]";
            if (pattern.Length == 0 || pattern.StartsWith('/') || pattern.Split('/').Contains(".."))
            {
                issues.Add(new ChallengeIssue(field, $"'{pattern}' must be a relative path inside the tree"));
                continue;
            }

            var regex = Glob(pattern);
            int matched = 0;
            foreach (var (version, into) in new[] { ("vulnerable", vulnerable), ("patched", patched) })
            {
                string dir = Path.Combine(root, version);
                foreach (string file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                {
                    string relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
                    if (!regex.IsMatch(relative))
                    {
                        continue;
                    }

                    if (version == "vulnerable")
                    {
                        matched++;
                    }

                    into["src/" + relative] = File.ReadAllText(file, Encoding.UTF8);
                }
            }

            if (matched == 0)
            {
                issues.Add(new ChallengeIssue(field, $"'{pattern}' matches no file of {debian.Package} {debian.Version}"));
            }
        }

        return (vulnerable, patched, [.. shownFiles.Select(f => "src/" + f)]);
    }

    /// <summary>A pattern as a regular expression: <c>**/</c> any folders, <c>*</c> and <c>?</c> within one segment.</summary>
    internal static Regex Glob(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                sb.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                sb.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
