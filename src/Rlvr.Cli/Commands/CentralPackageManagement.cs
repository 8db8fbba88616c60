using System.Xml.Linq;

namespace Rlvr.Cli.Commands;

/// <summary>Finds the <c>Directory.Packages.props</c> that turns on central package management for a folder.</summary>
internal static class CentralPackageManagement
{
    /// <summary>
    /// The first <c>Directory.Packages.props</c> at or above <paramref name="directory"/> that sets
    /// <c>ManagePackageVersionsCentrally</c> to true (MSBuild imports the nearest one, which may import a parent's);
    /// <see langword="null"/> when none does.
    /// </summary>
    public static string? FindGoverning(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Directory.Packages.props");
            if (File.Exists(candidate) && TurnsOn(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool TurnsOn(string path)
    {
        try
        {
            return XDocument.Load(path).Descendants()
                .Any(e => e.Name.LocalName == "ManagePackageVersionsCentrally"
                    && string.Equals(e.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase));
        }
        catch (System.Xml.XmlException)
        {
            // A props file MSBuild cannot read breaks any restore under it as surely.
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
