using System.Collections.Concurrent;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Running;

namespace Rlvr.Environments.Cyber.Building;

/// <summary>
/// Builds C and C++ programs with the verifier's flags inside a sandbox, once per content hash: binaries are kept in
/// memory (and in <see cref="CyberOptions.BuildCacheFolder"/> when set) and travel into fresh sandboxes over stdin.
/// </summary>
public sealed class BuildCache
{
    // The build answers with a tar: the binary, its imported and defined symbols, the preprocessed sources (what the
    // compiler saw, written by the compiler wrappers) and the binary's compile units with their recorded flags, so the
    // patch checks judge the compiler's view and the binary, not the diff's spelling. The build script (the
    // challenge's or the default one below) runs from the source root with CC/CXX set to the wrappers, which append
    // the enforced flags (argv) to every compile and link.
    private const string BuildScript = """
        set -e
        d=$(mktemp -d /tmp/build.XXXXXX); cd "$d"; tar -x; mkdir -p src .rlvr/pre .rlvr/home
        san="$1"; bin="$2"; shift 2
        export RLVR_ROOT="$d" RLVR_SRC="$d/src" RLVR_PRE_DIR="$d/.rlvr/pre" RLVR_SANITIZER="$san"
        export RLVR_ENFORCED_FLAGS="$* -fdebug-prefix-map=$d=."
        export CC=/opt/rlvr/bin/rlvr-cc CXX=/opt/rlvr/bin/rlvr-c++ LIB_FUZZING_ENGINE=/opt/rlvr/fuzz/driver.c
        export PATH="/opt/rlvr/bin:$PATH" HOME="$d/.rlvr/home" MAKEFLAGS=-j2
        mapfile -t cflags < .rlvr/flags; cflags=("${cflags[@]//@RLVR_ROOT@/$d}"); mapfile -t libs < .rlvr/libs
        export CFLAGS="${cflags[*]}" CXXFLAGS="${cflags[*]}" LDFLAGS="-fsanitize=$san" LIBS="${libs[*]}"
        (cd src && bash "$d/.rlvr/build.sh") 1>&2
        if [ ! -f "src/$bin" ]; then echo "rlvr: the build did not produce $bin (the challenge's binary)" >&2; exit 1; fi
        cp "src/$bin" prog
        nm -u prog > imports.txt; nm -g --defined-only prog > exports.txt; readelf -d prog | awk '/NEEDED/ { print "NEEDED " $NF }' >> imports.txt
        find .rlvr/pre -name '*.i' -type f -print0 | sort -z | xargs -0 -r cat > pre.i
        readelf --debug-dump=info --dwarf-depth=1 prog 2>/dev/null | awk '
          function val(s) { sub(/^[^:]*: /, "", s); if (s ~ /^\(indirect/) sub(/^[^)]*\): /, "", s); return s }
          /DW_TAG_compile_unit/ { if (n) print p "\t" nm "\t" cd; n = 1; p = ""; nm = ""; cd = ""; next }
          /DW_TAG_/ { if (n) print p "\t" nm "\t" cd; n = 0; next }
          n && /DW_AT_producer/ { p = val($0) }
          n && /DW_AT_name/ { nm = val($0) }
          n && /DW_AT_comp_dir/ { cd = val($0) }
          END { if (n) print p "\t" nm "\t" cd }' > units.txt
        find . -name '*.gcno' -type f -print0 | sort -z > .rlvr/notes
        { printf '%s\0' prog imports.txt exports.txt pre.i units.txt; cat .rlvr/notes; } | tar -c --null -T -; cd /; rm -rf "$d"
        """;

    // The default build: every C/C++ source file (and harness file, and the libFuzzer driver) compiled from the build
    // folder, so frames read src/<file>, then linked with the challenge's libraries.
    private const string DefaultBuild = """
        set -e
        cd "$RLVR_ROOT"
        mapfile -t flags < .rlvr/flags; flags=("${flags[@]//@RLVR_ROOT@/$RLVR_ROOT}")
        mapfile -t libs < .rlvr/libs; mapfile -t files < .rlvr/files; read -r link < .rlvr/link
        mkdir -p .rlvr/obj; objs=(); i=0
        for f in "${files[@]}"; do
          case "$f" in *.c) c="$CC" ;; *) c="$CXX" ;; esac
          "$c" "${flags[@]}" -c "$f" -o ".rlvr/obj/$i.o"; objs+=(".rlvr/obj/$i.o"); i=$((i+1))
        done
        if [ "$link" = c++ ]; then l="$CXX"; else l="$CC"; fi
        "$l" "${objs[@]}" -o src/prog "${libs[@]}"
        """;

    // Part of every hash: a change to what a build produces must not reuse binaries cached by an older recipe.
    private const string RecipeVersion = "build-v4";

    private readonly ConcurrentDictionary<string, Lazy<Task<BuildResult>>> builds = new(StringComparer.Ordinal);
    private int compilations;

    /// <summary>The cache shared by the environments of this process.</summary>
    public static BuildCache Shared { get; } = new();

    /// <summary>Number of compilations actually run (cache misses) by this cache.</summary>
    public int CompilationCount => compilations;

    /// <summary>The content hash of a default build with the given flags (see <see cref="BuildPlan.FromFlags"/>).</summary>
    /// <param name="sources">Sources by relative path.</param>
    /// <param name="flags">Compiler flags (see <see cref="BuildRecipe.Flags"/>).</param>
    /// <param name="image">The image.</param>
    public static string ComputeHash(IReadOnlyDictionary<string, string> sources, IReadOnlyList<string> flags, string image) =>
        ComputeHash(sources, BuildPlan.FromFlags(flags), image);

    /// <summary>The content hash of a build: the plan (flags, script, harness files...), image and every source file.</summary>
    /// <param name="sources">Sources by relative path.</param>
    /// <param name="plan">The build plan.</param>
    /// <param name="image">The image.</param>
    public static string ComputeHash(IReadOnlyDictionary<string, string> sources, BuildPlan plan, string image)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(plan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(s));
            hash.AppendData([0]);
        }

        void AddList(string name, IEnumerable<string> items)
        {
            Add(name);
            foreach (string item in items)
            {
                Add(item);
            }

            Add("\u0001end");
        }

        Add(RecipeVersion);
        Add(image);
        AddList("enforced", plan.EnforcedFlags);
        AddList("flags", plan.ChallengeFlags);
        AddList("libs", plan.Libs);
        AddList("plan", [plan.Sanitizer, plan.Cpp ? "c++" : "c", plan.Binary, plan.Harness?.ToString() ?? "-", plan.Script ?? "\u0001default"]);
        foreach (var (path, text) in plan.ExtraFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add("extra:" + path);
            Add(text);
        }

        foreach (var (path, text) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add(path);
            Add(text);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Returns the cached default build of <paramref name="sources"/> with <paramref name="flags"/>, or compiles it.</summary>
    /// <param name="sources">Sources by relative path (<c>src/x.c</c>).</param>
    /// <param name="flags">Compiler flags (see <see cref="BuildRecipe.Flags"/>).</param>
    /// <param name="provider">Sandboxes.</param>
    /// <param name="options">Image and limits.</param>
    /// <param name="cancellationToken">Cancels the wait (a build already running for others continues).</param>
    /// <exception cref="SandboxException">The sandbox failed.</exception>
    public Task<BuildResult> GetOrBuildAsync(
        IReadOnlyDictionary<string, string> sources,
        IReadOnlyList<string> flags,
        ISandboxProvider provider,
        CyberOptions options,
        CancellationToken cancellationToken = default) =>
        GetOrBuildAsync(sources, BuildPlan.FromFlags(flags), provider, options, cancellationToken);

    /// <summary>Returns the cached build of <paramref name="sources"/> under <paramref name="plan"/>, or builds it.</summary>
    /// <param name="sources">Sources by relative path (<c>src/x.c</c>).</param>
    /// <param name="plan">The build plan (see <see cref="BuildRecipe.Plan"/>).</param>
    /// <param name="provider">Sandboxes.</param>
    /// <param name="options">Image and limits.</param>
    /// <param name="cancellationToken">Cancels the wait (a build already running for others continues).</param>
    /// <exception cref="SandboxException">The sandbox failed.</exception>
    public async Task<BuildResult> GetOrBuildAsync(
        IReadOnlyDictionary<string, string> sources,
        BuildPlan plan,
        ISandboxProvider provider,
        CyberOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(options);
        string hash = ComputeHash(sources, plan, options.Image);
        var lazy = builds.GetOrAdd(hash, h => new Lazy<Task<BuildResult>>(() => BuildAsync(h, sources, plan, provider, options)));
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

    /// <summary>The tar sent to the build: sources, harness files and the build's own instructions under <c>.rlvr/</c>.</summary>
    internal static byte[] Input(IReadOnlyDictionary<string, string> sources, BuildPlan plan)
    {
        static byte[] Lines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        var files = new List<(string, byte[], bool)>();
        files.AddRange(sources.Select(s => (s.Key, Encoding.UTF8.GetBytes(s.Value), false)));
        files.AddRange(plan.ExtraFiles.Select(s => (s.Key, Encoding.UTF8.GetBytes(s.Value), false)));
        var compiled = sources.Keys.Where(IsCompiled).Concat(plan.ExtraFiles.Keys.Where(IsCompiled)).Order(StringComparer.Ordinal).ToList();
        if (plan.Harness == Challenges.HarnessKind.Libfuzzer)
        {
            compiled.Add(FuzzDriver);
        }

        bool cpp = plan.Cpp || compiled.Exists(f => !f.EndsWith(".c", StringComparison.Ordinal));
        files.Add((".rlvr/build.sh", Encoding.UTF8.GetBytes(plan.Script ?? DefaultBuild), false));
        files.Add((".rlvr/flags", Lines(plan.ChallengeFlags), false));
        files.Add((".rlvr/libs", Lines(plan.Libs), false));
        files.Add((".rlvr/files", Lines(compiled), false));
        files.Add((".rlvr/link", Lines([cpp ? "c++" : "c"]), false));
        return TarBuilder.Create(files);
    }

    /// <summary>Path of the libFuzzer driver in the image (also <c>$LIB_FUZZING_ENGINE</c> in build scripts).</summary>
    internal const string FuzzDriver = "/opt/rlvr/fuzz/driver.c";

    /// <summary>Whether the default build compiles a file: C and C++ translation units.</summary>
    internal static bool IsCompiled(string path) =>
        path.EndsWith(".c", StringComparison.Ordinal) || path.EndsWith(".cc", StringComparison.Ordinal)
        || path.EndsWith(".cpp", StringComparison.Ordinal) || path.EndsWith(".cxx", StringComparison.Ordinal);

    private async Task<BuildResult> BuildAsync(
        string hash,
        IReadOnlyDictionary<string, string> sources,
        BuildPlan plan,
        ISandboxProvider provider,
        CyberOptions options)
    {
        string? diskPath = options.BuildCacheFolder is { Length: > 0 } folder ? Path.Combine(folder, hash + ".tar") : null;
        if (diskPath is not null && File.Exists(diskPath) && Unpack(hash, await File.ReadAllBytesAsync(diskPath).ConfigureAwait(false), string.Empty, TimeSpan.Zero) is { } cached)
        {
            return Checked(cached, plan);
        }

        Interlocked.Increment(ref compilations);
        var limit = plan.Timeout is { } own && own > options.BuildTimeout ? own : options.BuildTimeout;
        using var timeout = new CancellationTokenSource(limit + TimeSpan.FromSeconds(30));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var sandbox = await provider.AcquireAsync(options.BuildSpec, timeout.Token).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var request = new ExecRequest(["/bin/bash", "-c", BuildScript, "build", plan.Sanitizer, plan.Binary, .. plan.EnforcedFlags])
            {
                Stdin = Input(sources, plan),
                Timeout = limit,
                OutputLimitBytes = 256 * 1024 * 1024,
            };
            var result = await sandbox.ExecAsync(request, timeout.Token).ConfigureAwait(false);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (result.TimedOut || result.OomKilled || result.StdoutTruncated)
            {
                throw new SandboxException("build_failed", $"The build {(result.TimedOut ? "timed out" : result.OomKilled ? "ran out of memory" : "produced an oversized binary")}.");
            }

            var build = result.ExitCode == 0 && result.Stdout.Length > 0 ? Unpack(hash, result.Stdout, Tail(result.StderrText), elapsed) : null;
            if (build is null)
            {
                return new BuildResult(hash, false, [], Tail(result.StderrText), elapsed);
            }

            if (diskPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(diskPath) ?? ".");
                string temp = diskPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
                await File.WriteAllBytesAsync(temp, result.Stdout).ConfigureAwait(false);
                File.Move(temp, diskPath, overwrite: true);
            }

            return Checked(build, plan);
        }
    }

    /// <summary>
    /// The build unless a compile unit of the project was built without the enforced sanitizer (a compiler called
    /// around the wrappers): every unit the build folder produced records its flags (<c>DW_AT_producer</c>), and the
    /// binary must carry the sanitizer's runtime.
    /// </summary>
    internal static BuildResult Checked(BuildResult build, BuildPlan plan)
    {
        string? problem = InstrumentationProblem(build, plan.Sanitizer);
        return problem is null ? build : build with { Succeeded = false, Binary = [], Log = build.Log + "\nrlvr: " + problem };
    }

    /// <summary>Why the build's compile units or imports show that the sanitizer was not applied, or <see langword="null"/>.</summary>
    internal static string? InstrumentationProblem(BuildResult build, string sanitizer)
    {
        // imports.txt also lists the binary's NEEDED libraries ("[libasan.so.8]" read as a symbol name).
        bool runtime = sanitizer == "undefined"
            ? build.Imports.Any(i => i.StartsWith("__ubsan_handle_", StringComparison.Ordinal) || i.StartsWith("[libubsan.so", StringComparison.Ordinal))
            : build.Imports.Contains("__asan_init") && build.Imports.Any(i => i.StartsWith("[libasan.so", StringComparison.Ordinal));
        if (!runtime)
        {
            return $"the binary carries no {sanitizer} sanitizer runtime: it was not linked through the verifier's compiler wrappers ($CC/$CXX)";
        }

        foreach (var unit in build.Units)
        {
            bool ours = unit.CompDir.StartsWith('.') || unit.CompDir.StartsWith("/tmp/", StringComparison.Ordinal) || unit.Name.StartsWith("/tmp/", StringComparison.Ordinal);
            if (!ours || !unit.Producer.StartsWith("GNU C", StringComparison.Ordinal))
            {
                continue;
            }

            if (!unit.Producer.Contains(" -fsanitize=" + sanitizer, StringComparison.Ordinal) || unit.Producer.Contains("-fno-sanitize=", StringComparison.Ordinal)
                || unit.CompDir.StartsWith("/tmp/", StringComparison.Ordinal))
            {
                return $"{unit.Name} was compiled without the verifier's flags (not through $CC/$CXX): {unit.Producer}";
            }
        }

        return null;
    }

    private static string Tail(string log) => log.Length <= 64 * 1024 ? log : "...\n" + log[^(64 * 1024)..];

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
            Units = CompileUnit.Parse(Text("units.txt")),
            CoverageNotes = files.Where(f => f.Key.EndsWith(".gcno", StringComparison.Ordinal)).ToDictionary(f => f.Key.StartsWith("./", StringComparison.Ordinal) ? f.Key[2..] : f.Key, f => f.Value, StringComparer.Ordinal),
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
