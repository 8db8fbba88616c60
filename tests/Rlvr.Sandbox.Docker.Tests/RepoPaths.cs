namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>Folders of the repository the tests run from.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ImagesDirectory => Path.Combine(Root, "environments", "images");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Environments.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Environments.sln not found above " + AppContext.BaseDirectory);
    }
}
