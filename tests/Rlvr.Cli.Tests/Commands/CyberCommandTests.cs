namespace Rlvr.Cli.Tests.Commands;

public sealed class CyberCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-cyber-check-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Check_InvalidFolder_Exit1NamingChallengeStepAndEveryProblem()
    {
        string folder = Path.Combine(dir, "bad-one");
        Directory.CreateDirectory(Path.Combine(folder, "src"));
        await File.WriteAllTextAsync(Path.Combine(folder, "challenge.json"), """
            {"id": "bad-one", "title": "t", "cwe": "CWE-121", "language": "c", "description": "d", "input": "env",
             "sanitizers": ["address"], "defines": ["1X"], "expected": {"bug_class": "x", "function": "f"}}
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "src", "a.c"), "int main(void) { return 0; }\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("cyber", "check", folder);

        Assert.Equal(1, exit);
        Assert.Contains("bad-one: error: load: bad-one/challenge.json.defines[0]", stderr, StringComparison.Ordinal);
        Assert.Contains("bad-one: error: load: bad-one/challenge.json.env_var", stderr, StringComparison.Ordinal);
        Assert.Contains("bad-one: error: load: bad-one/pocs/", stderr, StringComparison.Ordinal);
        Assert.Contains("bad-one: FAILED", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
