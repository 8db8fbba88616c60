using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Scripting;
using Rlvr.Core;

namespace Rlvr.Scripting;

/// <summary>
/// Loads an environment written as a C# script (<c>.csx</c>): the script declares its problem and environment types
/// and ends with an expression that returns the environment (e.g. <c>new MyEnvironment()</c>). Each distinct script
/// text is compiled once per process (cached by SHA-256) and, with a cache directory, once across processes;
/// compile errors are reported by line; the given analyzers (the Rlvr analyzers, when available) run on the script
/// and their warnings are returned (also on a cache hit).
/// </summary>
public sealed class ScriptEnvironmentLoader
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<ScriptEnvironment>>> Cache = new(StringComparer.Ordinal);

    private static readonly string[] Imports =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Text", "System.Text.Json", "System.Text.RegularExpressions",
        "System.Threading", "System.Threading.Tasks", "Rlvr.Core", "Rlvr.Core.Extraction", "Rlvr.Core.Sandboxing",
    ];

    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
    private readonly string? cacheDirectory;

    /// <summary>Creates a loader.</summary>
    /// <param name="analyzers">Analyzers run on every script; none when <see langword="null"/>.</param>
    /// <param name="cacheDirectory">
    /// Where compiled scripts are kept across processes (by content hash); in-process caching only when <see langword="null"/>.
    /// </param>
    public ScriptEnvironmentLoader(IEnumerable<DiagnosticAnalyzer>? analyzers = null, string? cacheDirectory = null)
    {
        this.analyzers = analyzers?.ToImmutableArray() ?? [];
        this.cacheDirectory = cacheDirectory;
    }

    /// <summary>The default on-disk cache: <c>$XDG_CACHE_HOME/rlvr/scripts</c> or <c>~/.cache/rlvr/scripts</c>.</summary>
    public static string DefaultCacheDirectory =>
        Path.Combine(
            System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                ? xdg
                : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache"),
            "rlvr",
            "scripts");

    /// <summary>Forgets in-process compilations, so tests can observe the on-disk cache.</summary>
    internal static void ClearProcessCache() => Cache.Clear();

    /// <summary>Whether an <c>--env</c> value names a script file rather than a registered environment.</summary>
    /// <param name="nameOrPath">The value.</param>
    public static bool IsScriptPath(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        return nameOrPath.EndsWith(".csx", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The analyzers in an analyzer assembly (e.g. <c>Rlvr.Analyzers.dll</c>); empty when the file does not exist.</summary>
    /// <param name="path">The analyzer DLL.</param>
    public static ImmutableArray<DiagnosticAnalyzer> AnalyzersFrom(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return [];
        }

        var assembly = Assembly.LoadFrom(path);
        return
        [
            .. assembly.GetTypes()
                .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                    && t.GetCustomAttributes<DiagnosticAnalyzerAttribute>().Any(a => a.Languages.Contains(LanguageNames.CSharp))
                    && t.GetConstructor(Type.EmptyTypes) is not null)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
        ];
    }

    /// <summary>Compiles (or reuses) and runs a script, returning its environment.</summary>
    /// <param name="path">The <c>.csx</c> file.</param>
    /// <param name="cancellationToken">Cancels compilation.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ScriptCompilationException">The script does not compile or returns no environment.</exception>
    public async Task<ScriptEnvironment> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Environment script not found: {fullPath}", fullPath);
        }

        string code = await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        bool created = false;
        var entry = Cache.GetOrAdd(hash, _ =>
        {
            created = true;
            return new Lazy<Task<ScriptEnvironment>>(() => CompileAsync(fullPath, code, hash, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        });
        try
        {
            var result = await entry.Value.ConfigureAwait(false);
            return created ? result : result with { FromCache = true };
        }
        catch
        {
            // A failed compilation is not cached: the author fixes the file and tries again.
            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<ScriptEnvironment>>>(hash, entry));
            throw;
        }
    }

    private async Task<ScriptEnvironment> CompileAsync(string path, string code, string hash, CancellationToken cancellationToken)
    {
        string? cached = cacheDirectory is null ? null : Path.Combine(cacheDirectory, CacheKey(code));
        if (cached is not null && await TryReadCacheAsync(cached, cancellationToken).ConfigureAwait(false) is { } entry)
        {
            var environment = await RunAsync(path, entry.Assembly, entry.EntryType, entry.EntryMethod).ConfigureAwait(false);
            return new ScriptEnvironment(environment, [.. entry.Warnings.Select(w => w with { File = path })], hash, FromCache: true);
        }

        var options = ScriptOptions.Default
            .WithFilePath(path)
            .WithFileEncoding(Encoding.UTF8)
            .WithReferences(References())
            .WithImports(Imports)
            .WithEmitDebugInformation(false);
        var compilation = CSharpScript.Create<object>(code, options).GetCompilation();
        var diagnostics = compilation.GetDiagnostics(cancellationToken);
        if (!analyzers.IsEmpty)
        {
            var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            diagnostics = diagnostics.AddRange(await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false));
        }

        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => ToScriptDiagnostic(d, path)).ToList();
        if (errors.Count > 0)
        {
            throw new ScriptCompilationException(path, errors);
        }

        var warnings = diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Warning)
            .Select(d => ToScriptDiagnostic(d, path))
            .OrderBy(d => d.Line)
            .ThenBy(d => d.Column)
            .ToList();
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, cancellationToken: cancellationToken);
        if (!emitted.Success)
        {
            throw new ScriptCompilationException(path, [.. emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => ToScriptDiagnostic(d, path))]);
        }

        var entryPoint = compilation.GetEntryPoint(cancellationToken)
            ?? throw new ScriptCompilationException($"{path}: the compiled script has no entry point.");
        var compiled = new CacheEntry(image.ToArray(), entryPoint.ContainingType.MetadataName, entryPoint.MetadataName, warnings);
        if (cached is not null)
        {
            await WriteCacheAsync(cached, compiled, cancellationToken).ConfigureAwait(false);
        }

        var result = await RunAsync(path, compiled.Assembly, compiled.EntryType, compiled.EntryMethod).ConfigureAwait(false);
        return new ScriptEnvironment(result, warnings, hash, FromCache: false);
    }

    /// <summary>Loads the script assembly and runs its submission factory, which returns the script's last expression.</summary>
    private static async Task<IEnvironment> RunAsync(string path, byte[] assembly, string entryType, string entryMethod)
    {
        object? value;
        try
        {
            var type = Assembly.Load(assembly).GetType(entryType, throwOnError: true)!;
            var method = type.GetMethod(entryMethod, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new MissingMethodException(entryType, entryMethod);
            var factory = method.CreateDelegate<Func<object?[], Task<object?>>>();

            // Slot 0 holds the globals object (none), slot 1 this submission.
            value = await factory(new object?[2]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
            throw new ScriptCompilationException($"{path}: the script threw {cause.GetType().Name}: {cause.Message}", cause);
        }

        return value as IEnvironment ?? throw new ScriptCompilationException(
            $"{path}: the script must end with an expression that returns the environment, e.g. `new MyEnvironment()` (it returned {(value is null ? "nothing" : value.GetType().Name)}).");
    }

    /// <summary>
    /// The on-disk cache key: the script text plus everything its compiled form depends on (Rlvr.Core, the compiler,
    /// the analyzers), so an SDK upgrade never runs a stale assembly.
    /// </summary>
    private string CacheKey(string code)
    {
        var key = new StringBuilder(code).Append('\n')
            .Append(typeof(IEnvironment).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(typeof(CSharpScript).Assembly.ManifestModule.ModuleVersionId).Append('\n');
        foreach (var module in analyzers.Select(a => a.GetType().Assembly.ManifestModule.ModuleVersionId).Distinct().Order())
        {
            key.Append(module).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }

    private static async Task<CacheEntry?> TryReadCacheAsync(string stem, CancellationToken cancellationToken)
    {
        try
        {
            if (!File.Exists(stem + ".dll") || !File.Exists(stem + ".json"))
            {
                return null;
            }

            var meta = JsonSerializer.Deserialize<CacheMeta>(await File.ReadAllBytesAsync(stem + ".json", cancellationToken).ConfigureAwait(false), RlvrJson.Options);
            return meta is null
                ? null
                : new CacheEntry(await File.ReadAllBytesAsync(stem + ".dll", cancellationToken).ConfigureAwait(false), meta.EntryType, meta.EntryMethod, meta.Warnings);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            // An unreadable or half-written entry is a miss: the script is compiled again.
            return null;
        }
    }

    private static async Task WriteCacheAsync(string stem, CacheEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(stem) ?? ".");
            string suffix = "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllBytesAsync(stem + ".dll" + suffix, entry.Assembly, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(stem + ".json" + suffix, JsonSerializer.SerializeToUtf8Bytes(new CacheMeta(entry.EntryType, entry.EntryMethod, entry.Warnings), RlvrJson.Options), cancellationToken).ConfigureAwait(false);

            // The dll goes first: a reader needs both, so it never sees metadata without its assembly.
            File.Move(stem + ".dll" + suffix, stem + ".dll", overwrite: true);
            File.Move(stem + ".json" + suffix, stem + ".json", overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The cache is an optimisation; a read-only or full disk only costs a compilation next time.
        }
    }

    private sealed record CacheEntry(byte[] Assembly, string EntryType, string EntryMethod, IReadOnlyList<ScriptDiagnostic> Warnings);

    private sealed record CacheMeta(string EntryType, string EntryMethod, IReadOnlyList<ScriptDiagnostic> Warnings);

    private static ScriptDiagnostic ToScriptDiagnostic(Diagnostic diagnostic, string path)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        string severity = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return new ScriptDiagnostic(
            span.IsValid && !string.IsNullOrEmpty(span.Path) ? span.Path : path,
            span.IsValid ? span.StartLinePosition.Line + 1 : 0,
            span.IsValid ? span.StartLinePosition.Character + 1 : 0,
            severity,
            diagnostic.Id,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The runtime's framework assemblies plus Rlvr.Core, so scripts need no <c>#r</c> for the basics.</summary>
    private static IEnumerable<MetadataReference> References()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (string file in tpa.Split(Path.PathSeparator))
            {
                string name = Path.GetFileNameWithoutExtension(file);
                if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard"
                    || name.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal))
                {
                    paths.Add(file);
                }
            }
        }

        paths.Add(typeof(IEnvironment).Assembly.Location);
        return paths.Where(File.Exists).Select(p => MetadataReference.CreateFromFile(p));
    }
}
