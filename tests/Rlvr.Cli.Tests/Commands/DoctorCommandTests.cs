namespace Rlvr.Cli.Tests.Commands;

/// <summary>The real <c>rlvr doctor</c> with several <c>--docker-host</c> engines: one line per engine, each checked.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task Doctor_TwoEnginesNeitherAnswering_OneFailLinePerEngineAndExit1()
    {
        string a = Path.Combine(Path.GetTempPath(), "rlvr-none-a-" + Guid.NewGuid().ToString("N") + ".sock");
        string b = Path.Combine(Path.GetTempPath(), "rlvr-none-b-" + Guid.NewGuid().ToString("N") + ".sock");

        var (code, stdout, _) = await CliRunner.RunAsync("doctor", "--docker-host", "unix://" + a, "--docker-host", "unix://" + b + ",max=4");

        Assert.Equal(1, code);
        Assert.Contains($"docker        FAIL: cannot reach unix://{a}", stdout, StringComparison.Ordinal);
        Assert.Contains($"docker        FAIL: cannot reach unix://{b}", stdout, StringComparison.Ordinal);
        Assert.Contains($"images        FAIL: cannot list images on unix://{b}", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_MalformedDockerHost_OneLineNamingTheOption()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("doctor", "--docker-host", "unix:///x.sock,max=zero");

        Assert.NotEqual(0, code);
        Assert.Contains("--docker-host: 'max=zero'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
