using System.Buffers;

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

    [Fact]
    public void CappedBuffer_ManyPiecesPastTheLimit_KeepsTheExactPrefix()
    {
        var random = new Random(14);
        byte[] data = new byte[3 * 1024 * 1024];
        random.NextBytes(data);
        int limit = (5 * 1024 * 1024 / 2) + 7;
        using var buffer = new CappedBuffer(limit);

        for (int offset = 0; offset < data.Length;)
        {
            int count = Math.Min(random.Next(1, 100_000), data.Length - offset);
            buffer.Append(data.AsSpan(offset, count));
            offset += count;
        }

        Assert.Equal(data.AsSpan(0, limit).ToArray(), buffer.ToArray());
        Assert.True(buffer.Truncated);
        Assert.Equal(data.Length, buffer.TotalBytes);
    }

    [Fact]
    public void CappedBuffer_LargeOutput_AllocatesLittleMoreThanTheResult()
    {
        // Chunks come from the shared pool and are never copied while growing: after a first use, 20 MiB of output
        // costs the result array and little else (a growing MemoryStream cost about three times the output).
        byte[] piece = new byte[64 * 1024];
        const int Total = 20 * 1024 * 1024;
        Fill(Total, piece);

        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] result = Fill(Total, piece);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(Total, result.Length);
        Assert.True(allocated <= Total + (256 * 1024), $"{allocated} bytes allocated for {Total} bytes of output");
    }

    [Fact]
    public void CappedBuffer_Sink_ReceivesTheCappedOutputAndNothingAfterDispose()
    {
        var sink = new ArrayBufferWriter<byte>();
        var buffer = new CappedBuffer(5, sink);

        buffer.Append("abc"u8);
        buffer.Append("defgh"u8);
        Assert.Empty(buffer.ToArray());
        buffer.Dispose();
        buffer.Append("ijk"u8);

        Assert.Equal("abcde"u8.ToArray(), sink.WrittenSpan.ToArray());
        Assert.True(buffer.Truncated);
    }

    [Fact]
    public void CappedBuffer_AfterDispose_KeepsNothing()
    {
        var buffer = new CappedBuffer(1 << 20);
        buffer.Append(new byte[100_000]);
        buffer.Dispose();

        buffer.Append("late"u8);

        Assert.Empty(buffer.ToArray());
    }

    private static byte[] Fill(int total, byte[] piece)
    {
        using var buffer = new CappedBuffer(total);
        for (int offset = 0; offset < total; offset += piece.Length)
        {
            buffer.Append(piece);
        }

        return buffer.ToArray();
    }
}
