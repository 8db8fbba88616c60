using Rlvr.Tests.Support;

namespace Rlvr.Environments.Math.Tests;

/// <summary>The repository and the math benchmark data (<c>$RLVR_TEST_DATA_DIR/math</c>).</summary>
internal static class MathTestData
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

    /// <summary><c>$RLVR_TEST_DATA_DIR/math/&lt;name&gt;</c>; fails with the variable's name when it is not set.</summary>
    public static string MathFile(string name) => TestData.File(Path.Combine("math", name));
}
