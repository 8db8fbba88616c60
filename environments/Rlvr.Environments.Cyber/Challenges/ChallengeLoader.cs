using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Debian;
using Rlvr.Environments.Cyber.Patching;

namespace Rlvr.Environments.Cyber.Challenges;

/// <summary>
/// Loads challenge folders (<c>challenge.json</c>, <c>src/</c>, <c>patch.diff</c> or <c>patched/</c>, <c>pocs/</c>,
/// <c>polls/</c>, optional <c>decoys/</c>) and reports every problem with its path, not just the first.
/// </summary>
public static partial class ChallengeLoader
{
    /// <summary>
    /// Name of the environment variable that names folders of challenges (a path list, separated by
    /// <see cref="Path.PathSeparator"/>) loaded in addition to the bundled ones.
    /// </summary>
    public const string FolderVariable = "RLVR_CYBER_CHALLENGES";

    private const int MinPolls = 3;

    /// <summary>The folder of the bundled challenges.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "challenges");

    /// <summary>
    /// The folder of the bundled Debian challenges: real packages split at a Debian security patch, whose trees come
    /// from the <c>rlvr/cyber-debian</c> image (see <see cref="Debian.DebianTrees"/>).
    /// </summary>
    public static string DebianFolder => Path.Combine(AppContext.BaseDirectory, "challenges-debian");

    /// <summary>The folders challenges are loaded from: the bundled ones, then every folder named by <see cref="FolderVariable"/>.</summary>
    public static IReadOnlyList<string> Folders => FoldersFrom(System.Environment.GetEnvironmentVariable(FolderVariable));

    /// <summary>The bundled folders, then every folder of a <see cref="FolderVariable"/> value (duplicates dropped).</summary>
    internal static IReadOnlyList<string> FoldersFrom(string? variable)
    {
        var folders = new List<string> { DefaultFolder, DebianFolder };
        foreach (string folder in (variable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!folders.Exists(f => string.Equals(Path.GetFullPath(f), Path.GetFullPath(folder), StringComparison.Ordinal)))
            {
                folders.Add(folder);
            }
        }

        return folders;
    }

    /// <summary>
    /// Loads the challenges of every folder in <paramref name="roots"/>, in order; a root that does not exist, an
    /// invalid challenge folder or a second challenge with an id already loaded goes to <paramref name="issues"/>.
    /// </summary>
    /// <param name="roots">Folders of challenge folders.</param>
    /// <param name="issues">Receives every problem, each naming its folder.</param>
    public static IReadOnlyList<CyberChallenge> LoadAll(IEnumerable<string> roots, ICollection<ChallengeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(roots);
        ArgumentNullException.ThrowIfNull(issues);
        var all = new List<CyberChallenge>();
        bool first = true;
        foreach (string root in roots)
        {
            if (!Directory.Exists(root))
            {
                // The bundled folder may be absent (a trimmed deployment); a named one must exist.
                if (!first)
                {
                    issues.Add(new ChallengeIssue(root + "/", $"does not exist (named by {FolderVariable})"));
                }

                first = false;
                continue;
            }

            first = false;
            foreach (var challenge in LoadAll(root, issues))
            {
                if (all.Exists(c => string.Equals(c.Id, challenge.Id, StringComparison.Ordinal)))
                {
                    issues.Add(new ChallengeIssue(challenge.Folder + "/", $"id '{challenge.Id}' is already loaded from another folder; skipped"));
                    continue;
                }

                all.Add(challenge);
            }
        }

        return all;
    }

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

        bool anyFile = manifest.Build is not null;
        var debian = manifest.Source is { } source ? TreeFiles.Read(source, Rel(name, "challenge.json.source"), issues) : null;
        var sources = manifest.Source is null ? ReadSources(Path.Combine(folder, "src"), "src", anyFile, issues) : debian?.Vulnerable ?? [];
        var buildScript = ReadBuildScript(folder, name, manifest, issues);
        var harness = ReadHarness(folder, name, manifest, issues);
        if (!anyFile && !sources.Keys.Concat(harness.Keys).Any(Building.BuildCache.IsCompiled))
        {
            issues.Add(new ChallengeIssue(Rel(name, "src/"), "has no .c, .cc, .cpp or .cxx file to compile"));
        }

        CheckEditable(name, manifest, sources, issues);
        string referencePatch = string.Empty;
        var patched = manifest.Source is null
            ? ReadPatched(folder, sources, manifest, issues, out referencePatch)
            : debian is { } trees ? DebianPatched(name, trees.Vulnerable, trees.Patched, trees.Shown, issues, out referencePatch) : sources;
        var limits = manifest?.Limits ?? new ChallengeLimits();
        var delivery = manifest?.Input ?? InputDelivery.Stdin;
        var pocs = ReadInputs(folder, "pocs", required: true, limits, delivery, issues);
        var decoys = ReadInputs(folder, "decoys", required: false, limits, delivery, issues);
        var polls = ReadPolls(folder, delivery, issues);
        if (manifest is null || issues.Count > 0)
        {
            return (null, issues);
        }

        return (new CyberChallenge(manifest, Path.GetFullPath(folder), sources, patched, referencePatch, pocs, polls, decoys)
        {
            BuildScript = buildScript,
            HarnessFiles = harness,
            ShownFiles = debian?.Shown,
        }, issues);
    }

    // The reference of a Debian challenge is the Debian patch as applied to the build's files (the image applied it
    // with patch(1)); hunks on files the build does not use (tests, AUTHORS) are not part of it. It may only change
    // shown files, since those are all a candidate may change.
    private static Dictionary<string, string> DebianPatched(
        string name, Dictionary<string, string> vulnerable, Dictionary<string, string> patched, List<string> shown, List<ChallengeIssue> issues, out string referencePatch)
    {
        var result = new Dictionary<string, string>(vulnerable, StringComparer.Ordinal);
        foreach (var (path, text) in patched)
        {
            if (vulnerable.TryGetValue(path, out string? before) && string.Equals(before, text, StringComparison.Ordinal))
            {
                continue;
            }

            if (!shown.Contains(path, StringComparer.Ordinal))
            {
                issues.Add(new ChallengeIssue(Rel(name, "challenge.json.source.files"), $"the Debian patch changes '{path[4..]}', which is not shown (and so not editable)"));
                continue;
            }

            result[path] = text;
        }

        referencePatch = DiffText.Create(vulnerable, result);
        if (referencePatch.Length == 0)
        {
            issues.Add(new ChallengeIssue(Rel(name, "challenge.json.source.debian.patch"), "changes none of the build's files"));
        }

        return result;
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
        Check(manifest.Language is "c" or "c++", $"{at}.language", $"'{manifest.Language}' is not supported ('c' or 'c++')", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Title), $"{at}.title", "must not be empty", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Description), $"{at}.description", "must not be empty", issues);
        Check(manifest.Sanitizers is ["address"] or ["undefined"], $"{at}.sanitizers", "must be [\"address\"] or [\"undefined\"] (one sanitizer per challenge)", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Expected.BugClass), $"{at}.expected.bug_class", "must not be empty", issues);
        Check(!string.IsNullOrWhiteSpace(manifest.Expected.Function), $"{at}.expected.function", "must not be empty", issues);
        foreach (var (flag, index) in (manifest.Cflags ?? []).Select((f, k) => (f, k)))
        {
            Check(AllowedFlag().IsMatch(flag), $"{at}.cflags[{index}]", $"'{flag}' is not allowed (only -std=, -D, -U and -W flags; the verifier fixes the rest)", issues);
        }

        CheckBuildFields(folder, manifest, at, issues);

        var limits = manifest.Limits ?? new ChallengeLimits();
        Check(limits.TimeoutMs is >= 100 and <= 60_000, $"{at}.limits.timeout_ms", "must be in [100, 60000]", issues);
        Check(limits.MaxPocBytes is >= 1 and <= 1 << 20, $"{at}.limits.max_poc_bytes", "must be in [1, 1048576]", issues);
        return manifest;
    }

    private static Dictionary<string, string> ReadSources(string dir, string prefix, bool anyFile, List<ChallengeIssue> issues)
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
            if (!anyFile && !IsCode(rel))
            {
                issues.Add(new ChallengeIssue(shown, "only C/C++ sources and headers are allowed without a build script (.c, .h, .cc, .cpp, .cxx, .hh, .hpp, .hxx)"));
                continue;
            }

            if (ReadText(file) is { } text)
            {
                sources[rel] = text;
            }
            else
            {
                issues.Add(new ChallengeIssue(shown, "is not UTF-8 text without NUL (sources travel as text)"));
            }
        }

        return sources;
    }

    /// <summary>Whether a path is a C or C++ source or header (the files a patch may change and the prompt shows).</summary>
    internal static bool IsCode(string path) =>
        Building.BuildCache.IsCompiled(path) || path.EndsWith(".h", StringComparison.Ordinal) || path.EndsWith(".hh", StringComparison.Ordinal)
        || path.EndsWith(".hpp", StringComparison.Ordinal) || path.EndsWith(".hxx", StringComparison.Ordinal);

    private static string? ReadText(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static void CheckBuildFields(string folder, ChallengeManifest manifest, string at, List<ChallengeIssue> issues)
    {
        foreach (var (define, index) in (manifest.Defines ?? []).Select((d, k) => (d, k)))
        {
            Check(DefinePattern().IsMatch(define), $"{at}.defines[{index}]", $"'{define}' is not NAME or NAME=value (value: printable text, no control characters)", issues);
        }

        foreach (var (dir, index) in (manifest.IncludeDirs ?? []).Select((d, k) => (d, k)))
        {
            if (!IsRelativeInside(dir))
            {
                issues.Add(new ChallengeIssue($"{at}.include_dirs[{index}]", $"'{dir}' must be a relative path inside src/ without '..'"));
            }
            else if (!Directory.Exists(Path.Combine(folder, "src", dir)))
            {
                issues.Add(new ChallengeIssue($"{at}.include_dirs[{index}]", $"src/{dir} does not exist"));
            }
        }

        foreach (var (lib, index) in (manifest.Libs ?? []).Select((l, k) => (l, k)))
        {
            Check(LibPattern().IsMatch(lib), $"{at}.libs[{index}]", $"'{lib}' is not a library name (m, -lm, z...)", issues);
        }

        Check(manifest.Binary is null || IsRelativeInside(manifest.Binary), $"{at}.binary", $"'{manifest.Binary}' must be a relative path without '..'", issues);
        Check(manifest.Build is null || manifest.Build.TimeoutSeconds is null or (>= 10 and <= 1800), $"{at}.build.timeout_seconds", "must be in [10, 1800]", issues);
        var args = manifest.Args ?? [];
        Check(args.Count <= 64, $"{at}.args", "at most 64 arguments", issues);
        foreach (var (arg, index) in args.Select((a, k) => (a, k)))
        {
            Check(!arg.Contains('\0', StringComparison.Ordinal) && arg.Length <= 4096, $"{at}.args[{index}]", "must be text without NUL, at most 4096 characters", issues);
        }

        if (manifest.Input == InputDelivery.Env)
        {
            Check(manifest.EnvVar is { } v && EnvNamePattern().IsMatch(v) && !IsReservedVariable(v), $"{at}.env_var", $"'{manifest.EnvVar}' must name the input's environment variable ([A-Za-z_][A-Za-z0-9_]*; not PATH, LD_*, *SAN_OPTIONS or RLVR_*)", issues);
        }
        else
        {
            Check(manifest.EnvVar is null, $"{at}.env_var", "is only used with \"input\": \"env\"", issues);
        }

        Check(manifest.Input is InputDelivery.File or InputDelivery.Argv || !args.Contains("@@", StringComparer.Ordinal), $"{at}.args", "'@@' stands for the input file or text: only with \"input\": \"file\" or \"argv\"", issues);
    }

    private static bool IsReservedVariable(string name) =>
        name is "PATH" or "HOME" or "IFS" or "PWD" || name.StartsWith("LD_", StringComparison.Ordinal) || name.StartsWith("RLVR_", StringComparison.Ordinal)
        || name.EndsWith("SAN_OPTIONS", StringComparison.Ordinal) || name.StartsWith("PYTHON", StringComparison.Ordinal);

    private static bool IsRelativeInside(string path) =>
        path.Length > 0 && path.Length <= 400 && !Path.IsPathRooted(path) && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Split('/').Contains("..", StringComparer.Ordinal) && !path.Any(char.IsControl);

    private static string? ReadBuildScript(string folder, string name, ChallengeManifest manifest, List<ChallengeIssue> issues)
    {
        if (manifest.Build is not { } build)
        {
            return null;
        }

        string at = Rel(name, "challenge.json.build.script");
        if (string.IsNullOrEmpty(build.Script) || !IsRelativeInside(build.Script) || build.Script.StartsWith("src/", StringComparison.Ordinal))
        {
            issues.Add(new ChallengeIssue(at, $"'{build.Script}' must be a relative path in the challenge folder, outside src/ and without '..'"));
            return null;
        }

        string path = Path.Combine(folder, build.Script);
        if (!File.Exists(path))
        {
            issues.Add(new ChallengeIssue(Rel(name, build.Script), "missing (named by challenge.json.build.script)"));
            return null;
        }

        string? text = ReadText(path);
        Check(text is not null, Rel(name, build.Script), "is not UTF-8 text without NUL", issues);
        return text;
    }

    private static Dictionary<string, string> ReadHarness(string folder, string name, ChallengeManifest manifest, List<ChallengeIssue> issues)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (manifest.Harness is not { } harness)
        {
            return files;
        }

        Check(harness.Files is { Count: > 0 }, Rel(name, "challenge.json.harness.files"), "needs at least one file", issues);
        foreach (var (file, index) in (harness.Files ?? []).Select((f, k) => (f, k)))
        {
            string at = Rel(name, $"challenge.json.harness.files[{index}]");
            if (!IsRelativeInside(file) || file.StartsWith("src/", StringComparison.Ordinal) || file.StartsWith(".rlvr/", StringComparison.Ordinal) || !IsCode(file))
            {
                issues.Add(new ChallengeIssue(at, $"'{file}' must be a C/C++ file in the challenge folder, outside src/, without '..'"));
                continue;
            }

            string path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                issues.Add(new ChallengeIssue(Rel(name, file), "missing (named by challenge.json.harness.files)"));
                continue;
            }

            if (ReadText(path) is { } text)
            {
                files[file] = text;
            }
            else
            {
                issues.Add(new ChallengeIssue(Rel(name, file), "is not UTF-8 text without NUL"));
            }
        }

        return files;
    }

    private static void CheckEditable(string name, ChallengeManifest manifest, Dictionary<string, string> sources, List<ChallengeIssue> issues)
    {
        foreach (var (file, index) in (manifest.EditableFiles ?? []).Select((f, k) => (f, k)))
        {
            Check(sources.ContainsKey(file) && IsCode(file), Rel(name, $"challenge.json.editable_files[{index}]"), $"'{file}' is not a C/C++ source or header under src/", issues);
        }
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
            var patched = ReadSources(patchedDir, "patched", manifest?.Build is not null, issues);
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
            var editable = manifest?.EditableFiles ?? [.. sources.Keys.Where(IsCode)];
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
            if (delivery is InputDelivery.Argv or InputDelivery.Env)
            {
                Check(IsArgvSafe(bytes), shown, "argv and env inputs must be UTF-8 text without NUL", issues);
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
            if (delivery is InputDelivery.Argv or InputDelivery.Env)
            {
                Check(IsArgvSafe(input), shown, "argv and env inputs must be UTF-8 text without NUL", issues);
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

    [GeneratedRegex(@"^(-std=(c|gnu)(89|90|99|11|17|18|2x|23)|-std=(c|gnu)\+\+(98|03|11|14|17|20|2a|23)|-D[A-Za-z_][A-Za-z0-9_]*(=[^\x00-\x1f\x7f]*)?|-U[A-Za-z_][A-Za-z0-9_]*|-Wno-[a-z0-9+=-]+|-W[a-z0-9+=-]+)$")]
    private static partial Regex AllowedFlag();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(=[^\x00-\x1f\x7f]*)?$")]
    private static partial Regex DefinePattern();

    [GeneratedRegex(@"^(-l)?[A-Za-z0-9_][A-Za-z0-9_+.-]*$")]
    private static partial Regex LibPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();
}
