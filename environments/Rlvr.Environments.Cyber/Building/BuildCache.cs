using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Running;

namespace Rlvr.Environments.Cyber.Building;

/// <summary>
/// Compiles C sources with the verifier's flags inside a sandbox, once per content hash: binaries are kept in
/// memory (and in <see cref="CyberOptions.BuildCacheFolder"/> when set) and travel into fresh sandboxes over stdin.
/// </summary>
public sealed class BuildCache
{
    // The build answers with a tar: the binary, its imported and defined symbols, and the preprocessed sources (what
    // the compiler saw), so the patch checks judge the compiler's view and the binary, not the diff's spelling.
    private const string BuildScript =
        "set -e; d=$(mktemp -d /tmp/build.XXXXXX); cd \"$d\"; tar -x; "
        + "gcc -fdebug-prefix-map=\"$d\"=. \"$@\" -o prog src/*.c 1>&2; "
        + "nm -u prog > imports.txt; nm -g --defined-only prog > exports.txt; "
        + "for f in src/*.c; do gcc -E \"$@\" \"$f\"; done > pre.i; "
        + "tar -c prog imports.txt exports.txt pre.i; cd /; rm -rf \"$d\"";

    // Part of every hash: a change to what a build produces must not reuse binaries cached by an older recipe.
    private const string RecipeVersion = "build-v2";

    private readonly ConcurrentDictionary<string, Lazy<Task<BuildResult>>> builds = new(StringComparer.Ordinal);
    private int compilations;

    /// <summary>The cache shared by the environments of this process.</summary>
    public static BuildCache Shared { get; } = new();

    /// <summary>Number of compilations actually run (cache misses) by this cache.</summary>
    public int CompilationCount => compilations;

    /// <summary>The content hash of a build: flags, image and every source file.</summary>
    /// <param name="sources">Sources by relative path.</param>
    /// <param name="flags">Compiler flags (see <see cref="BuildRecipe.Flags"/>).</param>
    /// <param name="image">The image.</param>
    public static string ComputeHash(IReadOnlyDictionary<string, string> sources, IReadOnlyList<string> flags, string image)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(flags);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(s));
            hash.AppendData([0]);
        }

        Add(RecipeVersion);
        Add(image);
        foreach (string flag in flags)
        {
            Add(flag);
        }

        foreach (var (path, text) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add(path);
            Add(text);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Returns the cached build of <paramref name="sources"/> or compiles it.</summary>
    /// <param name="sources">Sources by relative path (<c>src/x.c</c>).</param>
    /// <param name="flags">Compiler flags (see <see cref="BuildRecipe.Flags"/>).</param>
    /// <param name="provider">Sandboxes.</param>
    /// <param name="options">Image and limits.</param>
    /// <param name="cancellationToken">Cancels the wait (a build already running for others continues).</param>
    /// <exception cref="SandboxException">The sandbox failed.</exception>
    public async Task<BuildResult> GetOrBuildAsync(
        IReadOnlyDictionary<string, string> sources,
        IReadOnlyList<string> flags,
        ISandboxProvider provider,
        CyberOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        string hash = ComputeHash(sources, flags, options.Image);
        var lazy = builds.GetOrAdd(hash, h => new Lazy<Task<BuildResult>>(() => BuildAsync(h, sources, flags, provider, options)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Infrastructure failures are not results: forget them so the next caller retries.
            builds.TryRemove(new KeyValuePair<string, Lazy<Task<BuildResult>>>(hash, lazy));
            throw;
        }
    }

    private async Task<BuildResult> BuildAsync(
        string hash,
        IReadOnlyDictionary<string, string> sources,
        IReadOnlyList<string> flags,
        ISandboxProvider provider,
        CyberOptions options)
    {
        string? diskPath = options.BuildCacheFolder is { Length: > 0 } folder ? Path.Combine(folder, hash + ".tar") : null;
        if (diskPath is not null && File.Exists(diskPath) && Unpack(hash, await File.ReadAllBytesAsync(diskPath).ConfigureAwait(false), string.Empty, TimeSpan.Zero) is { } cached)
        {
            return cached;
        }

        Interlocked.Increment(ref compilations);
        using var timeout = new CancellationTokenSource(options.BuildTimeout + TimeSpan.FromSeconds(30));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var sandbox = await provider.AcquireAsync(options.Spec, timeout.Token).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            byte[] tar = TarBuilder.Create(sources.Select(s => (s.Key, Encoding.UTF8.GetBytes(s.Value), false)));
            var request = new ExecRequest(["/bin/sh", "-c", BuildScript, "sh", .. flags])
            {
                Stdin = tar,
                Timeout = options.BuildTimeout,
                OutputLimitBytes = 64 * 1024 * 1024,
            };
            var result = await sandbox.ExecAsync(request, timeout.Token).ConfigureAwait(false);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (result.TimedOut || result.OomKilled || result.StdoutTruncated)
            {
                throw new SandboxException("build_failed", $"The build {(result.TimedOut ? "timed out" : result.OomKilled ? "ran out of memory" : "produced an oversized binary")}.");
            }

            var build = result.ExitCode == 0 && result.Stdout.Length > 0 ? Unpack(hash, result.Stdout, result.StderrText, elapsed) : null;
            if (build is null)
            {
                return new BuildResult(hash, false, [], result.StderrText, elapsed);
            }

            if (diskPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(diskPath) ?? ".");
                string temp = diskPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
                await File.WriteAllBytesAsync(temp, result.Stdout).ConfigureAwait(false);
                File.Move(temp, diskPath, overwrite: true);
            }

            return build;
        }
    }

    /// <summary>Reads the build's tar; <see langword="null"/> when it is not a complete build output.</summary>
    internal static BuildResult? Unpack(string hash, byte[] tar, string log, TimeSpan elapsed)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var reader = new TarReader(new MemoryStream(tar, writable: false));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    using var copy = new MemoryStream();
                    data.CopyTo(copy);
                    files[entry.Name] = copy.ToArray();
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            return null;
        }

        if (!files.TryGetValue("prog", out byte[]? binary) || binary.Length == 0)
        {
            return null;
        }

        string Text(string name) => files.TryGetValue(name, out byte[]? b) ? Encoding.UTF8.GetString(b) : string.Empty;
        return new BuildResult(hash, true, binary, log, elapsed)
        {
            Imports = Symbols(Text("imports.txt")),
            Exports = Symbols(Text("exports.txt")),
            Preprocessed = ProjectPart(Text("pre.i")),
        };
    }

    /// <summary>Symbol names of <c>nm</c> output, without addresses, types or version suffixes (<c>signal@GLIBC_2.2.5</c>).</summary>
    internal static HashSet<string> Symbols(string nm)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in nm.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string name = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
            int at = name.IndexOf('@', StringComparison.Ordinal);
            names.Add(at > 0 ? name[..at] : name);
        }

        return names;
    }

    /// <summary>The lines of preprocessor output that come from the project's own files (linemarkers name <c>src/</c>).</summary>
    internal static string ProjectPart(string preprocessed)
    {
        var sb = new StringBuilder();
        bool inProject = false;
        foreach (string line in preprocessed.Split('\n'))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal) && line.Length > 2 && char.IsAsciiDigit(line[2]))
            {
                int quote = line.IndexOf('"', StringComparison.Ordinal);
                int end = quote < 0 ? -1 : line.IndexOf('"', quote + 1);
                if (end > quote)
                {
                    string file = line[(quote + 1)..end];
                    inProject = file.StartsWith("src/", StringComparison.Ordinal) || file.StartsWith("./src/", StringComparison.Ordinal);
                }

                continue;
            }

            if (inProject)
            {
                sb.Append(line).Append('\n');
            }
        }

        return sb.ToString();
    }
}
