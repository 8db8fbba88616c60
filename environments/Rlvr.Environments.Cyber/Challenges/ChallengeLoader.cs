using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// Loads challenge folders (<c>challenge.json</c>, <c>src/</c>, <c>patch.diff</c> or <c>patched/</c>, <c>pocs/</c>,
/// <c>polls/</c>, optional <c>decoys/</c>) and reports every problem with its path, not just the first.
/// </summary>
public static partial class ChallengeLoader
{
    /// <summary>Name of the environment variable that points at a folder of challenges to use instead of the bundled ones.</summary>
    public const string FolderVariable = "RLVR_CYBER_CHALLENGES";

    private const int MinPolls = 3;

    /// <summary>The folder of the bundled challenges (or the one named by <see cref="FolderVariable"/>).</summary>
    public static string DefaultFolder =>
        System.Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } custom
            ? custom
            : Path.Combine(AppContext.BaseDirectory, "challenges");

    /// <summary>Loads every challenge folder under <paramref name="root"/>, in name order.</summary>
    /// <param name="root">A folder of challenge folders.</param>
    /// <exception cref="ChallengeLoadException">At least one folder is invalid; lists the problems of all of them.</exception>
    public static IReadOnlyList<CyberChallenge> LoadAll(string root)
    {
        var issues = new List<ChallengeIssue>();
        var challenges = LoadAll(root, issues);
        return issues.Count > 0 ? throw new ChallengeLoadException(issues) : challenges;
    }

    /// <summary>Loads every valid challenge folder under <paramref name="root"/>, in name order; the problems of the others go to <paramref name="issues"/>.</summary>
    /// <param name="root">A folder of challenge folders.</param>
    /// <param name="issues">Receives every problem of every invalid folder.</param>
    public static IReadOnlyList<CyberChallenge> LoadAll(string root, ICollection<ChallengeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var challenges = new List<CyberChallenge>();
        if (!Directory.Exists(root))
        {
            return challenges;
        }

        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var (challenge, found) = TryLoad(folder);
            foreach (var issue in found)
            {
                issues.Add(issue);
            }

            if (challenge is not null)
            {
                challenges.Add(challenge);
            }
        }

        return challenges;
    }

    /// <summary>Loads one challenge folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="ChallengeLoadException">The folder is invalid; lists every problem.</exception>
    public static CyberChallenge Load(string folder)
    {
        var (challenge, issues) = TryLoad(folder);
        return challenge is not null && issues.Count == 0 ? challenge : throw new ChallengeLoadException(issues);
    }

    /// <summary>Validates a folder and returns every problem found (empty when it is valid).</summary>
    /// <param name="folder">The folder.</param>
    public static IReadOnlyList<ChallengeIssue> Validate(string folder) => TryLoad(folder).Issues;

    private static (CyberChallenge? Challenge, List<ChallengeIssue> Issues) TryLoad(string folder)
    {
        try
        {
            return TryLoadFolder(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // An unreadable file, a manifest the serializer cannot map: this folder is reported, the others still load.
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
            return (null, [new ChallengeIssue(name + "/", "could not be read: " + ex.Message)]);
        }
    }

    private static (CyberChallenge? Challenge, List<ChallengeIssue> Issues) TryLoadFolder(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (!Directory.Exists(folder))
        {
            return (null, [new ChallengeIssue(name + "/", "not a folder")]);
        }

        var issues = ChallengeFolder.Links(folder, name);
        if (issues.Count > 0)
        {
            return (null, issues);
        }

        var manifest = ReadManifest(folder, name, issues);
        if (manifest is null)
        {
            // Without a manifest this is no challenge: nothing else in the folder is read.
            return (null, issues);
        }

        var sources = ReadSources(Path.Combine(folder, "src"), "src", issues);
        var limits = manifest?.Limits ?? new ChallengeLimits();
        var delivery = manifest?.Input ?? InputDelivery.Stdin;
        var patched = ReadPatched(folder, sources, manifest, issues, out string referencePatch);
        var pocs = ReadInputs(folder, "pocs", required: true, limits, delivery, issues);
        var decoys = ReadInputs(folder, "decoys", required: false, limits, delivery, issues);
        var polls = ReadPolls(folder, delivery, issues);
        if (manifest is null || issues.Count > 0)
        {
            return (null, issues);
        }

        return (new CyberChallenge(manifest, Path.GetFullPath(folder), sources, patched, referencePatch, pocs, polls, decoys), issues);
    }

    private static ChallengeManifest? ReadManifest(string folder, string name, List<ChallengeIssue> issues)
    {
        string path = Path.Combine(folder, "challenge.json");
        const string file = "challenge.json";
        if (!File.Exists(path))
        {
            issues.Add(new ChallengeIssue(Rel(name, file), "missing"));
            return null;
        }

        ChallengeManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ChallengeManifest>(File.ReadAllText(path), RlvrJson.Options);
        }
        catch (JsonException ex)
        {
            issues.Add(new ChallengeIssue($"{Rel(name, file)}{ex.Path?[1..]}", ex.Message));
            return null;
        }

        if (manifest is null)
        {
            issues.Add(new ChallengeIssue(Rel(name, file), "is null"));
            return null;
        }

        string at = Rel(name, file);
        Check(string.Equals(manifest.Id, name, StringComparison.Ordinal), $"{at}.id", $"'{manifest.Id}' must equal the folder name '{name}'", issues);
        Check(CwePattern().IsMatch(manifest.Cwe), $"{at}.cwe", $"'{manifest.Cwe}' is not of the form CWE-123", issues);
        Check(string.Equals(manifest.Language, "c", StringComparison.Ordinal), $"{at}.language", $"'{manifest.Language}' is not supported (only 'c')", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Title), $"{at}.title", "must not be empty", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Description), $"{at}.description", "must not be empty", issues);
        Check(manifest.Sanitizers is ["address"] or ["undefined"], $"{at}.sanitizers", "must be [\"address\"] or [\"undefined\"] (one sanitizer per challenge)", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Expected.BugClass), $"{at}.expected.bug_class", "must not be empty", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Expected.Function), $"{at}.expected.function", "must not be empty", issues);
        foreach (var (flag, index) in (manifest.Cflags ?? []).Select((f, k) => (f, k)))
        {
            Check(AllowedFlag().IsMatch(flag), $"{at}.cflags[{index}]", $"'{flag}' is not allowed (only -std=, -D and -W flags; the verifier fixes the rest)", issues);
        }

        var limits = manifest.Limits ?? new ChallengeLimits();
        Check(limits.TimeoutMs is >= 100 and <= 60_000, $"{at}.limits.timeout_ms", "must be in [100, 60000]", issues);
        Check(limits.MaxPocBytes is >= 1 and <= 1 << 20, $"{at}.limits.max_poc_bytes", "must be in [1, 1048576]", issues);
        return manifest;
    }

    private static Dictionary<string, string> ReadSources(string dir, string prefix, List<ChallengeIssue> issues)
    {
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        string name = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(dir))) ?? string.Empty;
        if (!Directory.Exists(dir))
        {
            issues.Add(new ChallengeIssue(Rel(name, prefix + "/"), "missing"));
            return sources;
        }

        foreach (string file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = "src/" + Path.GetRelativePath(dir, file).Replace('\\', '/');
            string shown = Rel(name, prefix + rel[3..]);
            if (!rel.EndsWith(".c", StringComparison.Ordinal) && !rel.EndsWith(".h", StringComparison.Ordinal))
            {
                issues.Add(new ChallengeIssue(shown, "only .c and .h files are allowed"));
                continue;
            }

            sources[rel] = File.ReadAllText(file);
        }

        if (!sources.Keys.Any(k => k.EndsWith(".c", StringComparison.Ordinal)))
        {
            issues.Add(new ChallengeIssue(Rel(name, prefix + "/"), "has no .c file"));
        }

        return sources;
    }

    private static Dictionary<string, string> ReadPatched(
        string folder,
        Dictionary<string, string> sources,
        ChallengeManifest? manifest,
        List<ChallengeIssue> issues,
        out string referencePatch)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string diffPath = Path.Combine(folder, "patch.diff");
        string patchedDir = Path.Combine(folder, "patched");
        referencePatch = string.Empty;
        if (Directory.Exists(patchedDir))
        {
            var patched = ReadSources(patchedDir, "patched", issues);
            Check(patched.Keys.Order(StringComparer.Ordinal).SequenceEqual(sources.Keys.Order(StringComparer.Ordinal)), Rel(name, "patched/"), "must hold the same files as src/", issues);
            referencePatch = DiffText.Create(sources, patched);
            return patched;
        }

        if (!File.Exists(diffPath))
        {
            issues.Add(new ChallengeIssue(Rel(name, "patch.diff"), "missing (give patch.diff or patched/)"));
            return sources;
        }

        referencePatch = File.ReadAllText(diffPath);
        var result = new Dictionary<string, string>(sources, StringComparer.Ordinal);
        try
        {
            var editable = manifest?.EditableFiles ?? [.. sources.Keys];
            foreach (var file in UnifiedDiff.Parse(referencePatch))
            {
                if (!editable.Contains(file.NewPath, StringComparer.Ordinal) || !sources.ContainsKey(file.NewPath))
                {
                    issues.Add(new ChallengeIssue(Rel(name, "patch.diff"), $"changes '{file.NewPath}', which is not an editable source file"));
                    continue;
                }

                result[file.NewPath] = UnifiedDiff.Apply(result[file.NewPath], file);
            }
        }
        catch (PatchFormatException ex)
        {
            issues.Add(new ChallengeIssue(Rel(name, "patch.diff"), ex.Message));
        }

        return result;
    }

    private static List<NamedInput> ReadInputs(string folder, string sub, bool required, ChallengeLimits limits, InputDelivery delivery, List<ChallengeIssue> issues)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string dir = Path.Combine(folder, sub);
        var inputs = new List<NamedInput>();
        if (!Directory.Exists(dir))
        {
            if (required)
            {
                issues.Add(new ChallengeIssue(Rel(name, sub + "/"), "missing"));
            }

            return inputs;
        }

        foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            byte[] bytes = File.ReadAllBytes(file);
            string shown = Rel(name, $"{sub}/{Path.GetFileName(file)}");
            Check(bytes.Length > 0, shown, "is empty", issues);
            Check(bytes.Length <= limits.MaxPocBytes, shown, $"is larger than limits.max_poc_bytes ({limits.MaxPocBytes})", issues);
            if (delivery == InputDelivery.Argv)
            {
                Check(IsArgvSafe(bytes), shown, "argv input must be UTF-8 text without NUL", issues);
            }

            inputs.Add(new NamedInput(Path.GetFileName(file), bytes));
        }

        Check(!required || inputs.Count > 0, Rel(name, sub + "/"), "needs at least one file", issues);
        return inputs;
    }

    private static List<Poll> ReadPolls(string folder, InputDelivery delivery, List<ChallengeIssue> issues)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string dir = Path.Combine(folder, "polls");
        var polls = new List<Poll>();
        if (!Directory.Exists(dir))
        {
            issues.Add(new ChallengeIssue(Rel(name, "polls/"), "missing"));
            return polls;
        }

        foreach (string file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
        {
            string shown = Rel(name, "polls/" + Path.GetFileName(file));
            if (file.EndsWith(".out", StringComparison.Ordinal))
            {
                Check(File.Exists(Path.ChangeExtension(file, ".in")), shown, "has no matching .in file", issues);
                continue;
            }

            if (!file.EndsWith(".in", StringComparison.Ordinal))
            {
                issues.Add(new ChallengeIssue(shown, "polls are <name>.in / <name>.out pairs"));
                continue;
            }

            string outPath = Path.ChangeExtension(file, ".out");
            if (!File.Exists(outPath))
            {
                issues.Add(new ChallengeIssue(shown, "has no matching .out file"));
                continue;
            }

            byte[] input = File.ReadAllBytes(file);
            if (delivery == InputDelivery.Argv)
            {
                Check(IsArgvSafe(input), shown, "argv input must be UTF-8 text without NUL", issues);
            }

            polls.Add(new Poll(Path.GetFileNameWithoutExtension(file), input, File.ReadAllBytes(outPath)));
        }

        Check(polls.Count >= MinPolls, Rel(name, "polls/"), $"needs at least {MinPolls} polls, found {polls.Count}", issues);
        return polls;
    }

    internal static bool IsArgvSafe(byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return false;
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static void Check(bool ok, string path, string message, List<ChallengeIssue> issues)
    {
        if (!ok)
        {
            issues.Add(new ChallengeIssue(path, message));
        }
    }

    private static string Rel(string challenge, string path) => $"{challenge}/{path}";

    [GeneratedRegex(@"^CWE-\d+$")]
    private static partial Regex CwePattern();

    [GeneratedRegex(@"^(-std=(c|gnu)(89|99|11|17)|-D[A-Za-z_][A-Za-z0-9_]*(=[A-Za-z0-9_]+)?|-Wno-[a-z0-9-]+|-W[a-z0-9-]+)$")]
    private static partial Regex AllowedFlag();
}
