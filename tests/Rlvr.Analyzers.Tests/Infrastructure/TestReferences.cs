using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Rlvr.Analyzers.Tests.Infrastructure;

/// <summary>Metadata references for test compilations: the SDK's reference pack plus Rlvr.Core, all from disk.</summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> All = new(Load);

    /// <summary>The repository root, recorded at build time.</summary>
    public static string RepoRoot => Metadata("RepoRoot");

    /// <summary>Every reference a test compilation gets.</summary>
    public static ImmutableArray<MetadataReference> References => All.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        string pack = Metadata("NetCoreAppRefPack");
        var files = Directory.GetFiles(pack, "*.dll")
            .Append(typeof(Rlvr.Core.Reward).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.Logging.ILogger).Assembly.Location);
        return [.. files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))];
    }

    private static string Metadata(string key) =>
        typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; the test project's MSBuild target did not run.");
}
