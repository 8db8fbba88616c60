namespace Rlvr.Environments.Code.Tests.Support;

internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A file of the code benchmark data: <c>$RLVR_TEST_DATA_DIR/code/&lt;file&gt;</c>.</summary>
    public static string Shared(string file) => Rlvr.Tests.Support.TestData.File(Path.Combine("code", file));

    /// <summary>A hand-written solution from Stdio/Solutions, e.g. ("code_contests/12", "accepted.py").</summary>
    public static string StdioSolution(string problemId, string suffix) =>
        File.ReadAllText(Path.Combine(RepoRoot, "tests", "Rlvr.Environments.Code.Tests", "Stdio", "Solutions", problemId.Replace('/', '_') + "." + suffix));

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
