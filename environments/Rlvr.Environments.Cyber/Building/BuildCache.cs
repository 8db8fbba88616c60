using System.Collections.Concurrent;
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
    private const string BuildScript =
        "set -e; d=$(mktemp -d /tmp/build.XXXXXX); cd \"$d\"; tar -x; "
        + "gcc -fdebug-prefix-map=\"$d\"=. \"$@\" -o prog src/*.c 1>&2; cat prog; cd /; rm -rf \"$d\"";

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
        string? diskPath = options.BuildCacheFolder is { Length: > 0 } folder ? Path.Combine(folder, hash + ".bin") : null;
        if (diskPath is not null && File.Exists(diskPath))
        {
            return new BuildResult(hash, true, await File.ReadAllBytesAsync(diskPath).ConfigureAwait(false), string.Empty, TimeSpan.Zero);
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

            bool ok = result.ExitCode == 0 && result.Stdout.Length > 0;
            var build = new BuildResult(hash, ok, ok ? result.Stdout : [], result.StderrText, elapsed);
            if (ok && diskPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(diskPath) ?? ".");
                string temp = diskPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
                await File.WriteAllBytesAsync(temp, build.Binary).ConfigureAwait(false);
                File.Move(temp, diskPath, overwrite: true);
            }

            return build;
        }
    }
}
