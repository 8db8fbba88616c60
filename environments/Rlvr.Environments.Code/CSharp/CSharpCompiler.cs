using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Rlvr.Environments.Code.CSharp;

/// <summary>
/// Compiles a candidate C# program with Roslyn in the SDK process, within a time and size budget. The assembly is
/// only emitted as bytes: it is never loaded or run here (it runs in the .NET sandbox image).
/// </summary>
public sealed class CSharpCompiler
{
    private const string GlobalUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Text; global using System.Threading.Tasks;";

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Largest source accepted, in characters.</summary>
    public int MaxSourceChars { get; init; } = 256 * 1024;

    /// <summary>Largest assembly accepted, in bytes.</summary>
    public int MaxAssemblyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Longest compilation allowed.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The runtime config written beside the assembly in the sandbox.</summary>
    public static string RuntimeConfigJson =>
        "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + ".0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + Environment.Version.Major + "." + Environment.Version.Minor + ".0\"},\"configProperties\":{\"System.Globalization.Invariant\":true}}}";

    /// <summary>Compiles <paramref name="source"/> into a console application.</summary>
    /// <param name="source">The program (a <c>Main</c> method or top-level statements).</param>
    /// <param name="cancellationToken">Cancels compilation.</param>
    /// <returns>The assembly or the errors; a budget overrun is an error, not an exception.</returns>
    public async Task<CSharpCompilation> CompileAsync(string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length > MaxSourceChars)
        {
            return new CSharpCompilation(null, [$"source longer than {MaxSourceChars} characters"]);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeBudget);
        try
        {
            return await Task.Run(() => Compile(source, budget.Token), budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CSharpCompilation(null, [$"compilation exceeded {TimeBudget.TotalSeconds} s"]);
        }
    }

    private CSharpCompilation Compile(string source, CancellationToken cancellationToken)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(source, parse, "Solution.cs", Encoding.UTF8, cancellationToken),
            CSharpSyntaxTree.ParseText(GlobalUsings, parse, "Usings.cs", Encoding.UTF8, cancellationToken),
        };
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "solution",
            trees,
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release, allowUnsafe: false, nullableContextOptions: NullableContextOptions.Disable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream, cancellationToken: cancellationToken);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).Select(d => d.ToString()).ToList();
            return new CSharpCompilation(null, errors);
        }

        return stream.Length > MaxAssemblyBytes
            ? new CSharpCompilation(null, [$"assembly larger than {MaxAssemblyBytes} bytes"])
            : new CSharpCompilation(stream.ToArray(), []);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Prefer the SDK's reference assemblies (packs/Microsoft.NETCore.App.Ref); fall back to the runtime's own.
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
        string? dotnetRoot = Directory.GetParent(runtimeDir)?.Parent?.Parent?.FullName;
        string tfm = "net" + Environment.Version.Major + ".0";
        string? refDir = null;
        if (dotnetRoot is not null)
        {
            string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (Directory.Exists(packs))
            {
                refDir = Directory.GetDirectories(packs)
                    .Select(d => Path.Combine(d, "ref", tfm))
                    .Where(Directory.Exists)
                    .OrderByDescending(d => d, StringComparer.Ordinal)
                    .FirstOrDefault();
            }
        }

        var files = refDir is not null
            ? Directory.GetFiles(refDir, "*.dll")
            : Directory.GetFiles(runtimeDir, "*.dll").Where(f => Path.GetFileName(f).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(f) == "netstandard.dll" || Path.GetFileName(f) == "mscorlib.dll").ToArray();
        var references = ImmutableArray.CreateBuilder<MetadataReference>(files.Length);
        foreach (string file in files)
        {
            try
            {
                references.Add(MetadataReference.CreateFromFile(file));
            }
            catch (BadImageFormatException)
            {
                // Native libraries in the runtime folder are not metadata; skip them.
            }
        }

        return references.ToImmutable();
    }
}
