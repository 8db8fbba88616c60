namespace Rlvr.Cli.Commands;

/// <summary>The Rlvr.Core package the packed tool carries in <c>packages/</c> beside its assembly (see Rlvr.Cli.csproj).</summary>
/// <param name="Path">The <c>.nupkg</c> file.</param>
/// <param name="Version">Its version, from the file name.</param>
internal sealed record CorePackage(string Path, string Version)
{
    private const string Prefix = "Rlvr.Core.";

    /// <summary>The package in <c>packages/</c> under <paramref name="toolDirectory"/>; <see langword="null"/> when there is none (a development build).</summary>
    public static CorePackage? Find(string toolDirectory)
    {
        string folder = System.IO.Path.Combine(toolDirectory, "packages");
        if (!Directory.Exists(folder))
        {
            return null;
        }

        // Rlvr.Core.<version>.nupkg; a version starts with a digit, which keeps Rlvr.Core.Something.nupkg out.
        var found = Directory.EnumerateFiles(folder, Prefix + "*.nupkg")
            .Where(f => !f.EndsWith(".symbols.nupkg", StringComparison.OrdinalIgnoreCase))
            .Select(f => (Path: f, Version: System.IO.Path.GetFileNameWithoutExtension(f)[Prefix.Length..]))
            .Where(p => p.Version.Length > 0 && char.IsAsciiDigit(p.Version[0]))
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .ToList();
        return found.Count == 1 ? new CorePackage(found[0].Path, found[0].Version) : null;
    }
}
