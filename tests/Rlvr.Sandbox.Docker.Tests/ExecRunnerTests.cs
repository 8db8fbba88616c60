namespace Rlvr.Sandbox.Docker.Tests;

public sealed class ExecRunnerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(127, 127)]
    [InlineData(255, 255)]
    public void Interpret_PlainExit_IsTheExitCode(long code, int expected)
    {
        var result = ExecRunner.Interpret(code, watchdogFired: false, TimeSpan.FromMilliseconds(10), Timeout);

        Assert.Equal(expected, result.ExitCode);
        Assert.Null(result.Signal);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public void Interpret_124AfterTheWholeTimeout_IsATimeoutBySigterm()
    {
        var result = ExecRunner.Interpret(124, watchdogFired: false, Timeout, Timeout);

        Assert.True(result.TimedOut);
        Assert.Equal(15, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public void Interpret_124Early_IsTheCommandsOwnExitCode()
    {
        var result = ExecRunner.Interpret(124, watchdogFired: false, TimeSpan.FromMilliseconds(50), Timeout);

        Assert.False(result.TimedOut);
        Assert.Equal(124, result.ExitCode);
    }

    [Fact]
    public void Interpret_137AfterTheWholeTimeout_IsATimeoutBySigkill()
    {
        var result = ExecRunner.Interpret(137, watchdogFired: false, Timeout + TimeSpan.FromSeconds(1), Timeout);

        Assert.True(result.TimedOut);
        Assert.Equal(9, result.Signal);
    }

    [Theory]
    [InlineData(137, 9)]
    [InlineData(139, 11)]
    [InlineData(134, 6)]
    public void Interpret_128PlusNEarly_IsSignalN(long code, int signal)
    {
        var result = ExecRunner.Interpret(code, watchdogFired: false, TimeSpan.FromMilliseconds(50), Timeout);

        Assert.Equal(signal, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public void Interpret_Watchdog_IsATimeoutBySigkill()
    {
        var result = ExecRunner.Interpret(null, watchdogFired: true, Timeout * 3, Timeout);

        Assert.True(result.TimedOut);
        Assert.Equal(9, result.Signal);
    }

    [Fact]
    public void CappedBuffer_PastTheLimit_KeepsThePrefixAndCountsAll()
    {
        var buffer = new CappedBuffer(5);

        buffer.Append("abc"u8);
        buffer.Append("defgh"u8);

        Assert.Equal("abcde"u8.ToArray(), buffer.ToArray());
        Assert.True(buffer.Truncated);
        Assert.Equal(8, buffer.TotalBytes);
    }

    [Fact]
    public void ParseKey_OomControl_ReadsTheCounter()
    {
        Assert.Equal(3, HostCgroup.ParseKey("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n", "oom_kill"));
        Assert.Null(HostCgroup.ParseKey("under_oom 0\n", "oom_kill"));
    }
}
