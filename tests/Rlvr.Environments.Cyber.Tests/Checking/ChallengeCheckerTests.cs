using Rlvr.Environments.Cyber.Checking;

namespace Rlvr.Environments.Cyber.Tests.Checking;

/// <summary>The checker behind <c>rlvr cyber check</c>, on the test challenges and broken copies (real builds in Docker).</summary>
public sealed class ChallengeCheckerTests : IDisposable
{
    private static readonly ChallengeChecker Checker = new();
    private readonly List<string> temps = [];

    public void Dispose()
    {
        foreach (string temp in temps.Where(Directory.Exists))
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private string Copy(string id)
    {
        temps.Add(TestAssets.CopyToTemp(id, out string folder));
        return folder;
    }

    [SkippableTheory]
    [InlineData("t01-cpp-token-list")]
    [InlineData("t02-fuzz-record-parser")]
    [InlineData("t03-env-greeting")]
    public async Task CheckAsync_ValidChallenge_PassesAndPollsReachThePatchedLines(string id)
    {
        var provider = await CyberDocker.RequireAsync();
        var result = await Checker.CheckAsync(Path.Combine(TestAssets.Folder, id), provider);
        Assert.True(result.Passed, string.Join('\n', result.Findings));
        Assert.Equal(id, result.Challenge);
        var coverage = Assert.Single(result.Findings, f => f.Step == "coverage");
        Assert.Equal(CheckSeverity.Info, coverage.Severity);
        Assert.Contains("polls execute the lines the reference patch changes", coverage.Message, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.Step.StartsWith("poc ", StringComparison.Ordinal) && f.Message.StartsWith("vulnerable: crash", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task CheckAsync_PollsThatNeverReachTheFix_WarnsAboutCoverage()
    {
        var provider = await CyberDocker.RequireAsync();
        string folder = Copy("t02-fuzz-record-parser");
        string polls = Path.Combine(folder, "polls");
        foreach (string file in Directory.GetFiles(polls))
        {
            File.Delete(file);
        }

        // One-byte inputs stop at the header check, before the line the reference patch adds.
        for (int i = 1; i <= 3; i++)
        {
            File.WriteAllBytes(Path.Combine(polls, $"0{i}-short.in"), [(byte)i]);
            File.WriteAllText(Path.Combine(polls, $"0{i}-short.out"), "1.2 thread-safe: -1 records\n");
        }

        var result = await Checker.CheckAsync(folder, provider);
        Assert.True(result.Passed, string.Join('\n', result.Findings));
        var coverage = Assert.Single(result.Findings, f => f.Step == "coverage");
        Assert.Equal(CheckSeverity.Warning, coverage.Severity);
        Assert.Contains("no poll executes", coverage.Message, StringComparison.Ordinal);
        Assert.Contains("src/records.c:22-24", coverage.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CheckAsync_BrokenPollAndPoc_FailsNamingEachStep()
    {
        var provider = await CyberDocker.RequireAsync();
        string folder = Copy("t03-env-greeting");
        File.WriteAllText(Path.Combine(folder, "polls", "01-short.out"), "Hello, Bob!\nHello, Bob!\n");
        File.WriteAllText(Path.Combine(folder, "pocs", "01-long-name.bin"), "Ann");

        var result = await Checker.CheckAsync(folder, provider);

        Assert.False(result.Passed);
        Assert.Contains(result.Findings, f => f.Severity == CheckSeverity.Error && f.Step == "poll 01-short" && f.Message.Contains("line 1: expected 'Hello, Bob!', got 'Hello, Ada!'", StringComparison.Ordinal));
        Assert.Contains(result.Findings, f => f.Severity == CheckSeverity.Error && f.Step == "poc 01-long-name.bin" && f.Message.Contains("does not crash the vulnerable build", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task CheckAsync_PollThatCrashesTheVulnerableBuild_IsAnError()
    {
        var provider = await CyberDocker.RequireAsync();
        string folder = Copy("t03-env-greeting");
        File.WriteAllText(Path.Combine(folder, "polls", "04-long.in"), new string('L', 40));
        File.WriteAllText(Path.Combine(folder, "polls", "04-long.out"), ("Hello, " + new string('L', 23) + "!\n") + ("Hello, " + new string('L', 23) + "!\n"));

        var result = await Checker.CheckAsync(folder, provider);

        Assert.False(result.Passed);
        Assert.Contains(result.Findings, f => f.Severity == CheckSeverity.Error && f.Step == "poll 04-long" && f.Message.Contains("fails on the vulnerable build", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task CheckAsync_InvalidFolder_ReportsLoadErrorsWithoutBuilding()
    {
        var provider = await CyberDocker.RequireAsync();
        string folder = Copy("t01-cpp-token-list");
        File.Delete(Path.Combine(folder, "build.sh"));
        var result = await Checker.CheckAsync(folder, provider);
        Assert.False(result.Passed);
        Assert.All(result.Findings, f => Assert.Equal("load", f.Step));
        Assert.Contains(result.Findings, f => f.Message.Contains("t01-cpp-token-list/build.sh: missing", StringComparison.Ordinal));
    }
}
