namespace Rlvr.Cli.Tests.Commands;

public sealed class ListCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-list-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task List_OneInvalidChallengeFolder_ReportedWhileTheOthersLoad()
    {
        // A copy of one bundled challenge under a new id beside a folder whose manifest is broken; the variable adds
        // its folder to the bundled challenges.
        string bundled = Path.Combine(AppContext.BaseDirectory, "challenges");
        int bundledCount = Directory.GetDirectories(bundled).Length;
        string good = Directory.GetDirectories(bundled).Order(StringComparer.Ordinal).First();
        string copyId = "z-copy-" + Path.GetFileName(good);
        foreach (string file in Directory.GetFiles(good, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(dir, copyId, Path.GetRelativePath(good, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        string manifest = Path.Combine(dir, copyId, "challenge.json");
        await File.WriteAllTextAsync(manifest, (await File.ReadAllTextAsync(manifest)).Replace($"\"id\": \"{Path.GetFileName(good)}\"", $"\"id\": \"{copyId}\"", StringComparison.Ordinal));

        Directory.CreateDirectory(Path.Combine(dir, "broken"));
        await File.WriteAllTextAsync(Path.Combine(dir, "broken", "challenge.json"), """{"id": "broken", "cwe": 12""");

        // The bundled count as this machine sees it (the Debian challenges load only where their image exists).
        var (_, plain, _) = await CliRunner.RunAsync(new Dictionary<string, string>(StringComparer.Ordinal), "list");
        static int PocCount(string output) => int.Parse(
            output.Split('\n').Single(l => l.StartsWith("cyber/poc ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[2],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(PocCount(plain) >= bundledCount, plain);

        var (exit, stdout, stderr) = await CliRunner.RunAsync(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["RLVR_CYBER_CHALLENGES"] = dir },
            "list");

        Assert.True(exit == 0, stderr);
        Assert.Contains("rlvr: cyber/poc: bundled problem skipped: broken/challenge.json", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(PocCount(plain) + 1, PocCount(stdout));
    }

    [Fact]
    public async Task List_FunctionTaskEnvironments_CountTheTasksWithoutExtendedTests()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["RLVR_DATA_DIR"] = Path.GetDirectoryName(DataCommandTests.TestDataFile("code/mbpp.jsonl"))! };
        var (exit, stdout, stderr) = await CliRunner.RunAsync(data, "list");

        Assert.True(exit == 0, stderr);
        string Line(string name) => stdout.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.Contains("[1 of 164 tasks without extended tests (published tests only; evidence no_extended_tests)]", Line("code/humaneval"), StringComparison.Ordinal);
        Assert.Contains("[16 of 974 tasks without extended tests", Line("code/mbpp"), StringComparison.Ordinal);
        Assert.DoesNotContain("extended tests", Line("code/stdio"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_StdioEnvironments_CountTheProblemsWithoutAJudge()
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["RLVR_DATA_DIR"] = Path.GetDirectoryName(DataCommandTests.TestDataFile("code/mbpp.jsonl"))! };
        var (exit, stdout, stderr) = await CliRunner.RunAsync(data, "list");

        Assert.True(exit == 0, stderr);
        string Line(string name) => stdout.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        foreach (string name in new[] { "code/stdio", "code/csharp" })
        {
            // The CodeContests sample: 4, 7, 10, 13, 15 accept several outputs and 11 is interactive, none with a checker.
            Assert.Contains("[6 of ", Line(name), StringComparison.Ordinal);
            Assert.Contains("problems accept several outputs or are interactive and have no checker (unscorable: needs_judge)", Line(name), StringComparison.Ordinal);
        }
    }
}
