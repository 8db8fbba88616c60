using System.Collections.Concurrent;

namespace Rlvr.Core.Data.Datasets;

/// <summary>
/// Where dataset files are found, in this order: a file given for the dataset on the command line
/// (<c>--data</c>, see <see cref="UseFile"/>), a local copy under <c>RLVR_DATA_DIR</c> (one of the dataset's
/// <see cref="DatasetSpec.LocalNames"/>), then the download cache (<c>RLVR_HOME</c>, else
/// <c>$XDG_CACHE_HOME/rlvr</c>, else <c>~/.cache/rlvr</c>) filled by <c>rlvr data pull</c>. Nothing else is searched:
/// no folder above the application or the working directory.
/// </summary>
public static class DataLocations
{
    /// <summary>The environment variable naming a folder of local dataset files.</summary>
    public const string DataDirectoryVariable = "RLVR_DATA_DIR";

    /// <summary>The environment variable naming Rlvr's own folder (the download cache lives in it).</summary>
    public const string HomeVariable = "RLVR_HOME";

    private static readonly ConcurrentDictionary<string, string> Files = new(StringComparer.Ordinal);

    /// <summary>
    /// The cache folder: <c>RLVR_HOME</c> when set, else <c>$XDG_CACHE_HOME/rlvr</c>, else <c>~/.cache/rlvr</c>.
    /// </summary>
    public static string CacheDirectory
    {
        get
        {
            if (System.Environment.GetEnvironmentVariable(HomeVariable) is { Length: > 0 } home)
            {
                return Path.GetFullPath(home);
            }

            if (System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            {
                return Path.Combine(xdg, "rlvr");
            }

            return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "rlvr");
        }
    }

    /// <summary>The folder <c>RLVR_DATA_DIR</c> names, or <see langword="null"/>.</summary>
    public static string? DataDirectory =>
        System.Environment.GetEnvironmentVariable(DataDirectoryVariable) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    /// <summary>The folder a pulled dataset's files are cached in: <c>&lt;cache&gt;/datasets/&lt;owner&gt;--&lt;name&gt;/&lt;revision&gt;</c>.</summary>
    /// <param name="spec">The dataset.</param>
    public static string CacheFolder(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string repository = spec.Repository ?? spec.Name;
        return Path.Combine(CacheDirectory, "datasets", repository.Replace("/", "--", StringComparison.Ordinal), spec.Revision);
    }

    /// <summary>The cached path of one file of a dataset.</summary>
    /// <param name="spec">The dataset.</param>
    /// <param name="file">One of its files.</param>
    public static string CachePath(DatasetSpec spec, DatasetFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Path.Combine(CacheFolder(spec), file.Path.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>
    /// The revision <c>rlvr data pull NAME@REVISION</c> last chose for a dataset (recorded in
    /// <c>&lt;cache&gt;/datasets/&lt;owner&gt;--&lt;name&gt;/chosen-revision.txt</c>), or <see langword="null"/> when none was chosen.
    /// </summary>
    /// <param name="spec">The dataset.</param>
    public static string? ChosenRevision(DatasetSpec spec)
    {
        string file = RevisionFile(spec);
        if (!File.Exists(file))
        {
            return null;
        }

        string revision = File.ReadAllText(file).Trim();
        return IsValidRevision(revision) ? revision : null;
    }

    /// <summary>
    /// Whether <paramref name="revision"/> can name a revision folder in the cache: a commit id or branch name such as
    /// <c>main</c> or <c>refs/convert/parquet</c>; no empty or <c>..</c> segment, no leading slash, no whitespace.
    /// </summary>
    /// <param name="revision">The revision text.</param>
    public static bool IsValidRevision(string? revision) =>
        revision is { Length: > 0 and <= 255 }
        && !revision.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '\\')
        && revision.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");

    /// <summary>Records that <paramref name="spec"/> is read at <paramref name="revision"/> from now on (see <see cref="ChosenRevision"/>).</summary>
    /// <param name="spec">The dataset as the environment declares it.</param>
    /// <param name="revision">The revision pulled.</param>
    public static void ChooseRevision(DatasetSpec spec, string revision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        string file = RevisionFile(spec);
        if (string.Equals(revision, spec.Revision, StringComparison.Ordinal))
        {
            File.Delete(file);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, revision + "\n");
    }

    /// <summary>Reads <paramref name="datasetName"/> from <paramref name="path"/> in this process (the CLI's <c>--data</c>).</summary>
    /// <param name="datasetName">The dataset's <see cref="DatasetSpec.Name"/>.</param>
    /// <param name="path">A JSONL, JSONL.gz or Parquet file.</param>
    public static void UseFile(string datasetName, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(datasetName);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Files[datasetName] = Path.GetFullPath(path);
    }

    /// <summary>Forgets every <see cref="UseFile"/> choice.</summary>
    public static void ClearFiles() => Files.Clear();

    /// <summary>The files holding the dataset, in reading order, or <see langword="null"/> when it is not on this machine.</summary>
    /// <param name="spec">The dataset.</param>
    public static IReadOnlyList<string>? Find(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Files.TryGetValue(spec.Name, out string? chosen))
        {
            return [chosen];
        }

        if (DataDirectory is { } dir)
        {
            foreach (string name in spec.LocalNames)
            {
                string candidate = Path.Combine(dir, name.Replace('/', Path.DirectorySeparatorChar));
                if (File.Exists(candidate))
                {
                    return [candidate];
                }
            }
        }

        if (spec.Repository is not null && spec.Files.Count > 0)
        {
            var paths = spec.Files.Select(f => CachePath(spec, f)).ToList();
            if (paths.All(File.Exists))
            {
                return paths;
            }

            if (ChosenRevision(spec) is { } revision && revision != spec.Revision)
            {
                var atRevision = spec.AtRevision(revision);
                paths = [.. atRevision.Files.Select(f => CachePath(atRevision, f))];
                if (paths.All(File.Exists))
                {
                    return paths;
                }
            }
        }

        return null;
    }

    private static string RevisionFile(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string repository = spec.Repository ?? spec.Name;
        return Path.Combine(CacheDirectory, "datasets", repository.Replace("/", "--", StringComparison.Ordinal), "chosen-revision.txt");
    }

    /// <summary>
    /// One sentence saying that <paramref name="spec"/> is missing and what brings it, e.g.
    /// <c>dataset 'gsm8k' is not on this machine: run `rlvr data pull gsm8k` (or set RLVR_DATA_DIR)</c>.
    /// </summary>
    /// <param name="spec">The dataset.</param>
    public static string MissingMessage(DatasetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string local = spec.LocalNames.Count > 0
            ? $"put {string.Join(" or ", spec.LocalNames)} under {DataDirectoryVariable}"
            : $"set {DataDirectoryVariable}";
        return spec.Repository is null
            ? $"dataset '{spec.Name}' is not on this machine and has no download source: {local}, or pass --data {spec.Name}=FILE"
            : $"dataset '{spec.Name}' is not on this machine: run `{spec.PullCommand}` (or {local})";
    }
}
