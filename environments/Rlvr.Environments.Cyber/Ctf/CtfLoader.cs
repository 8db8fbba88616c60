using System.Text.Json;
using Rlvr.Core;
using Rlvr.Environments.Cyber.Challenges;

namespace Rlvr.Environments.Cyber.Ctf;

/// <summary>Loads CTF folders (<c>challenge.json</c>, <c>files/</c>, optional <c>setup.py</c>, <c>solution.sh</c>), reporting every problem.</summary>
public static class CtfLoader
{
    /// <summary>Environment variable naming a folder of CTF challenges to use instead of the bundled ones.</summary>
    public const string FolderVariable = "RLVR_CYBER_CTF";

    /// <summary>The bundled CTF folder (or <see cref="FolderVariable"/>).</summary>
    public static string DefaultFolder =>
        System.Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } custom ? custom : Path.Combine(AppContext.BaseDirectory, "ctf");

    /// <summary>Loads every CTF folder under <paramref name="root"/>, in name order.</summary>
    /// <param name="root">The folder.</param>
    /// <exception cref="ChallengeLoadException">A folder is invalid; lists every problem.</exception>
    public static IReadOnlyList<CtfChallenge> LoadAll(string root)
    {
        var issues = new List<ChallengeIssue>();
        var result = LoadAll(root, issues);
        return issues.Count > 0 ? throw new ChallengeLoadException(issues) : result;
    }

    /// <summary>Loads every valid CTF folder under <paramref name="root"/>, in name order; the problems of the others go to <paramref name="issues"/>.</summary>
    /// <param name="root">The folder.</param>
    /// <param name="issues">Receives every problem of every invalid folder.</param>
    public static IReadOnlyList<CtfChallenge> LoadAll(string root, List<ChallengeIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var result = new List<CtfChallenge>();
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var challenge = TryLoad(folder, issues);
            if (challenge is not null)
            {
                result.Add(challenge);
            }
        }

        return result;
    }

    /// <summary>Loads one CTF folder.</summary>
    /// <param name="folder">The folder.</param>
    /// <exception cref="ChallengeLoadException">The folder is invalid.</exception>
    public static CtfChallenge Load(string folder)
    {
        var issues = new List<ChallengeIssue>();
        var challenge = TryLoad(folder, issues);
        return challenge is not null && issues.Count == 0 ? challenge : throw new ChallengeLoadException(issues);
    }

    private static CtfChallenge? TryLoad(string folder, List<ChallengeIssue> issues)
    {
        try
        {
            return TryLoadFolder(folder, issues);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // An unreadable file, a manifest the serializer cannot map: this folder is reported, the others still load.
            issues.Add(new ChallengeIssue(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)) + "/", "could not be read: " + ex.Message));
            return null;
        }
    }

    private static CtfChallenge? TryLoadFolder(string folder, List<ChallengeIssue> issues)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        int before = issues.Count;
        if (!Directory.Exists(folder))
        {
            issues.Add(new ChallengeIssue(name + "/", "not a folder"));
            return null;
        }

        issues.AddRange(ChallengeFolder.Links(folder, name));
        if (issues.Count > before)
        {
            return null;
        }

        CtfManifest? manifest = null;
        string manifestPath = Path.Combine(folder, "challenge.json");
        try
        {
            manifest = File.Exists(manifestPath) ? JsonSerializer.Deserialize<CtfManifest>(File.ReadAllText(manifestPath), RlvrJson.Options) : null;
            if (manifest is null)
            {
                issues.Add(new ChallengeIssue($"{name}/challenge.json", "missing or null"));
            }
        }
        catch (JsonException ex)
        {
            issues.Add(new ChallengeIssue($"{name}/challenge.json{ex.Path?[1..]}", ex.Message));
        }

        if (manifest is null)
        {
            // Without a manifest this is no challenge: nothing else in the folder is read.
            return null;
        }

        if (manifest is not null)
        {
            string at = $"{name}/challenge.json";
            Check(string.Equals(manifest.Id, name, StringComparison.Ordinal), $"{at}.id", "must equal the folder name", issues);
            Check(manifest.Difficulty is >= 1 and <= 3, $"{at}.difficulty", "must be 1, 2 or 3", issues);
            Check(manifest.Flag.Length is >= 8 and <= 128, $"{at}.flag.length", "must be in [8, 128]", issues);
            Check(manifest.Flag.Alphabet.Length >= 2 && manifest.Flag.Alphabet.Distinct().Count() == manifest.Flag.Alphabet.Length, $"{at}.flag.alphabet", "needs at least 2 distinct characters", issues);
            Check(manifest.MaxSteps is >= 1 and <= 200, $"{at}.max_steps", "must be in [1, 200]", issues);
            Check(manifest.MaxAttempts is >= 1 and <= 10, $"{at}.max_attempts", "must be in [1, 10]", issues);
            Check(manifest.TimeLimitSeconds is >= 10 and <= 3600, $"{at}.time_limit_seconds", "must be in [10, 3600]", issues);
        }

        string filesDir = Path.Combine(folder, "files");
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (Directory.Exists(filesDir))
        {
            foreach (string file in Directory.GetFiles(filesDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files[Path.GetRelativePath(filesDir, file).Replace('\\', '/')] = File.ReadAllBytes(file);
            }
        }
        else
        {
            issues.Add(new ChallengeIssue($"{name}/files/", "missing"));
        }

        string setupPath = Path.Combine(folder, "setup.py");
        string solutionPath = Path.Combine(folder, "solution.sh");
        Check(File.Exists(solutionPath), $"{name}/solution.sh", "missing (a reference solution is required)", issues);
        if (manifest is null || issues.Count > before)
        {
            return null;
        }

        return new CtfChallenge(manifest, files, File.Exists(setupPath) ? File.ReadAllText(setupPath) : null, File.ReadAllText(solutionPath));
    }

    private static void Check(bool ok, string path, string message, List<ChallengeIssue> issues)
    {
        if (!ok)
        {
            issues.Add(new ChallengeIssue(path, message));
        }
    }
}
