namespace Rlvr.Environments.Code.Data;

/// <summary>
/// Where the bundled code datasets are read from: the file named by an environment variable, else the folder
/// named by <c>RLVR_CODE_DATA_DIR</c>, else <c>shared/benchmarks/code</c> beside the repository that holds the
/// running binaries. A missing file means an empty dataset, never an error.
/// </summary>
public static class CodeDataPaths
{
    /// <summary>The environment variable naming the data folder.</summary>
    public const string DirectoryVariable = "RLVR_CODE_DATA_DIR";

    /// <summary>Finds a data file, or returns <see langword="null"/> when it is absent.</summary>
    /// <param name="fileVariable">Environment variable that may name the file itself.</param>
    /// <param name="fileName">The file's name in the data folder.</param>
    public static string? Find(string fileVariable, string fileName)
    {
        string? explicitPath = System.Environment.GetEnvironmentVariable(fileVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath : null;
        }

        string? folder = System.Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(folder))
        {
            folder = DefaultFolder();
        }

        if (folder is null)
        {
            return null;
        }

        string path = Path.Combine(folder, fileName);
        return File.Exists(path) ? path : null;
    }

    private static string? DefaultFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Environments.sln")))
            {
                // shared/ sits beside the repository; from a git worktree it may be further up.
                for (var up = dir.Parent; up is not null; up = up.Parent)
                {
                    string candidate = Path.Combine(up.FullName, "shared", "benchmarks", "code");
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                return null;
            }
        }

        return null;
    }
}
