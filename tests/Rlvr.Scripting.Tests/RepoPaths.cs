namespace Rlvr.Scripting.Tests;

/// <summary>Paths inside the repository, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Environments.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Environments.sln not found above " + AppContext.BaseDirectory);
    }
}
