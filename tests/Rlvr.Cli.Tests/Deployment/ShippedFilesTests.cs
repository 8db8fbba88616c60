using System.Diagnostics;

namespace Rlvr.Cli.Tests.Deployment;

/// <summary>
/// The repository's shipped files (sources, environments, analyzers, README, docs, build files, deploy files, images)
/// never name the folder beside the checkout that this project's CI lays its benchmark data in: a user's clone has no
/// such folder. Only the tests and <c>scripts/test.sh</c> reach that data, and only through <c>RLVR_TEST_DATA_DIR</c>.
/// </summary>
public sealed class ShippedFilesTests
{
    // Where the CI data default may live (docs/testing.md): the test script, and the tests, which read it only
    // through the variable.
    private static readonly string[] NotShipped = ["tests/", "scripts/test.sh"];

    [Fact]
    public async Task TrackedFiles_OutsideTheTests_NeverNameTheSharedFolderBesideTheCheckout()
    {
        var files = await TrackedFilesAsync();
        var shipped = files.Where(f => !NotShipped.Any(n => f.StartsWith(n, StringComparison.Ordinal))).ToList();
        var hits = new List<string>();
        foreach (string file in shipped)
        {
            string path = Path.Combine(RepoPaths.Root, file);
            if (!File.Exists(path) || new FileInfo(path).Length > 8 << 20)
            {
                continue;
            }

            string[] lines = await File.ReadAllLinesAsync(path);
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains("../shared", StringComparison.Ordinal) || lines[i].Contains("..\\shared", StringComparison.Ordinal))
                {
                    hits.Add($"{file}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(shipped.Count > 100, $"only {shipped.Count} tracked files found: is this a git checkout?");
        Assert.True(shipped.Any(f => f == "README.md") && shipped.Any(f => f.StartsWith("src/", StringComparison.Ordinal)), "README.md and src/ are among the files searched");
        Assert.True(hits.Count == 0, "shipped files name ../shared:\n" + string.Join("\n", hits));
    }

    [Fact]
    public async Task TestScript_SetsTheTestDataVariable_AndTestingDocsDocumentIt()
    {
        string script = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "scripts", "test.sh"));
        string testing = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "docs", "testing.md"));

        Assert.Contains("export RLVR_TEST_DATA_DIR", script, StringComparison.Ordinal);
        Assert.Contains("RLVR_TEST_DATA_DIR", testing, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> TrackedFilesAsync()
    {
        var start = new ProcessStartInfo("git", ["-C", RepoPaths.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("could not start git");
        string output = await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, await git.StandardError.ReadToEndAsync());
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}
