using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Scripting;
using Rlvr.Core;

namespace Rlvr.Server.Scripting;

/// <summary>
/// Loads an environment written as a C# script (<c>.csx</c>): the script declares its problem and environment types
/// and ends with an expression that returns the environment (e.g. <c>new MyEnvironment()</c>). Each distinct script
/// text is compiled once per process (cached by SHA-256); compile errors are reported by line; the given analyzers
/// (the Rlvr analyzers, when available) run on the script and their warnings are returned.
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

    /// <summary>Creates a loader.</summary>
    /// <param name="analyzers">Analyzers run on every script; none when <see langword="null"/>.</param>
    public ScriptEnvironmentLoader(IEnumerable<DiagnosticAnalyzer>? analyzers = null)
    {
        this.analyzers = analyzers?.ToImmutableArray() ?? [];
    }

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
        var options = ScriptOptions.Default
            .WithFilePath(path)
            .WithFileEncoding(Encoding.UTF8)
            .WithReferences(References())
            .WithImports(Imports)
            .WithEmitDebugInformation(false);
        var script = CSharpScript.Create<object>(code, options);
        var compilation = script.GetCompilation();
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
        object? value;
        try
        {
            var state = await script.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            value = state.ReturnValue;
        }
        catch (CompilationErrorException ex)
        {
            throw new ScriptCompilationException(path, [.. ex.Diagnostics.Select(d => ToScriptDiagnostic(d, path))]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ScriptCompilationException($"{path}: the script threw {ex.GetType().Name}: {ex.Message}", ex);
        }

        if (value is not IEnvironment environment)
        {
            throw new ScriptCompilationException(
                $"{path}: the script must end with an expression that returns the environment, e.g. `new MyEnvironment()` (it returned {(value is null ? "nothing" : value.GetType().Name)}).");
        }

        return new ScriptEnvironment(environment, warnings, hash, FromCache: false);
    }

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
