namespace Rlvr.Environments.Math.Tests;

/// <summary>Finds the repository and the shared benchmark data next to it.</summary>
internal static class SharedData
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Environments.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException(
                $"Could not find Environments.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>
    /// <c>&lt;repo&gt;/../shared/benchmarks/math/&lt;name&gt;</c>; a git worktree nested deeper may find shared/ further up,
    /// and RLVR_SHARED_DIR overrides both.
    /// </summary>
    public static string MathFile(string name)
    {
        string path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "benchmarks", "math", name));
        if (System.Environment.GetEnvironmentVariable("RLVR_SHARED_DIR") is { Length: > 0 } shared)
        {
            path = Path.Combine(shared, "benchmarks", "math", name);
        }
        else
        {
            for (var dir = new DirectoryInfo(RepoRoot).Parent; dir is not null && !File.Exists(path); dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "benchmarks", "math", name);
                if (File.Exists(candidate))
                {
                    path = candidate;
                }
            }
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Shared benchmark data is missing: {path}. Clone the repository next to a copy of shared/ (see tests/README or docs/math.md).", path);
        }
        return path;
    }
}
