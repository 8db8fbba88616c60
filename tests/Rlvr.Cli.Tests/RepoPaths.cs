namespace Rlvr.Cli.Tests;

/// <summary>The repository root, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Environments.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Environments.sln not found above " + AppContext.BaseDirectory);
    }
}
