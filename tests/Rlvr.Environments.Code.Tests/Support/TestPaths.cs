namespace Rlvr.Environments.Code.Tests.Support;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedCode { get; } = FindShared();

    public static string Shared(string file) => Path.Combine(SharedCode, file);

    /// <summary>A hand-written solution from Stdio/Solutions, e.g. ("code_contests/12", "accepted.py").</summary>
    public static string StdioSolution(string problemId, string suffix) =>
        File.ReadAllText(Path.Combine(RepoRoot, "tests", "Rlvr.Environments.Code.Tests", "Stdio", "Solutions", problemId.Replace('/', '_') + "." + suffix));

    private static string FindShared()
    {
        for (var up = new DirectoryInfo(RepoRoot).Parent; up is not null; up = up.Parent)
        {
            string candidate = Path.Combine(up.FullName, "shared", "benchmarks", "code");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/benchmarks/code not found above " + RepoRoot);
    }

    private static string FindRepoRoot()
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
