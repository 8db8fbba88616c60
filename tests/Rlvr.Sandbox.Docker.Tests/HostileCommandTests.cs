using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// Hostile commands against the real engine, through one exec per command (<c>agent: false</c>) and through the
/// exec agent (<c>agent: true</c>). Each returns its facts, the host stays responsive, and the harness
/// checks at the end that no container and no process of the test is left.
/// </summary>
public sealed class HostileCommandTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_ForkBomb_TimesOutWithinPidsLimit(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        var spec = SandboxHarness.PythonSpec with { PidsLimit = 64 };
        await using var sandbox = await harness.Provider.AcquireAsync(spec);
        string bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n";

        var run = sandbox.ExecAsync(harness.Python(bomb, TimeSpan.FromSeconds(3))).AsTask();
        AssertHostResponsive();
        var result = await run;

        Assert.True(result.TimedOut);
        Assert.NotNull(result.Signal);
        Assert.Null(result.ExitCode);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_MemoryBomb_ReportsOomKill(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        var spec = SandboxHarness.PythonSpec with { MemoryBytes = 128L * 1024 * 1024 };
        await using var sandbox = await harness.Provider.AcquireAsync(spec);

        var result = await sandbox.ExecAsync(harness.Python("a = []\nwhile True:\n    a.append(bytearray(8 * 1024 * 1024))\n", TimeSpan.FromSeconds(20)));

        Assert.True(result.OomKilled);
        Assert.Equal(9, result.Signal);
        Assert.False(result.TimedOut);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_OutputFloodIntoSink_SinkKeepsTheCapStdoutEmpty(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var sink = new System.Buffers.ArrayBufferWriter<byte>();
        string program = "import sys\nfor i in range(400000):\n    sys.stdout.write('%07d\\n' % i)\n";
        var request = harness.Python(program, TimeSpan.FromSeconds(30)) with { OutputLimitBytes = 2_000_000, StdoutSink = sink };

        var result = await sandbox.ExecAsync(request);

        Assert.Empty(result.Stdout);
        Assert.True(result.StdoutTruncated);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2_000_000, sink.WrittenCount);
        string expected = string.Concat(Enumerable.Range(0, 250_000).Select(i => i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture) + "\n"));
        Assert.Equal(expected, Encoding.ASCII.GetString(sink.WrittenSpan));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_GigabyteOutputFlood_KeepsOnlyTheCapAndReportsTruncation(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var request = harness.Sh("head -c 1073741824 /dev/zero; echo done >&2", TimeSpan.FromSeconds(60)) with { OutputLimitBytes = 64 * 1024 };

        var result = await sandbox.ExecAsync(request);

        Assert.True(result.StdoutTruncated);
        Assert.Equal(64 * 1024, result.Stdout.Length);
        Assert.All(result.Stdout, b => Assert.Equal(0, b));
        Assert.Equal("done\n", result.StderrText);
        Assert.False(result.StderrTruncated);
        Assert.Equal(0, result.ExitCode);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_FillTmp_StopsAtTmpfsSize(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        var spec = SandboxHarness.PythonSpec with { TmpfsBytes = 8L * 1024 * 1024 };
        await using var sandbox = await harness.Provider.AcquireAsync(spec);

        var result = await sandbox.ExecAsync(harness.Sh("dd if=/dev/zero of=/tmp/fill bs=1M count=100 2>&1; du -k /tmp/fill | cut -f1"));

        Assert.Contains("No space left on device", result.StdoutText, StringComparison.Ordinal);
        string[] lines = result.StdoutText.Trim().Split('\n');
        Assert.True(int.Parse(lines[^1]) <= 8 * 1024, result.StdoutText);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_FileBiggerThanFsizeLimit_IsStoppedBySignal(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        var spec = SandboxHarness.PythonSpec with { MaxFileBytes = 1024 * 1024, TmpfsBytes = 32L * 1024 * 1024 };
        await using var sandbox = await harness.Provider.AcquireAsync(spec);

        var result = await sandbox.ExecAsync(harness.Sh("exec dd if=/dev/zero of=/tmp/big bs=1M count=4"));

        Assert.Equal(25, result.Signal); // SIGXFSZ
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_FillRootFilesystem_IsReadOnly(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Sh("dd if=/dev/zero of=/var/fill bs=1M count=100 2>&1; ls /var/fill 2>&1"));

        Assert.Contains("Read-only file system", result.StdoutText, StringComparison.Ordinal);
        Assert.Contains("No such file", result.StdoutText, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_WriteOutsideTmp_FailsEvenAsRoot(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var asNobody = await sandbox.ExecAsync(harness.Sh("echo x > /etc/evil; echo x > /home/evil; echo x > /tmp/ok && echo tmp-ok"));
        var asRoot = await sandbox.ExecAsync(harness.Sh("echo x > /etc/evil || echo denied") with { User = "0:0" });

        Assert.Contains("tmp-ok", asNobody.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", asNobody.StderrText, StringComparison.Ordinal);
        Assert.Contains("denied", asRoot.StdoutText, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_InfiniteLoop_TimesOut(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Python("while True:\n    pass\n", TimeSpan.FromSeconds(2)));

        Assert.True(result.TimedOut);
        Assert.Equal(15, result.Signal);
        Assert.Null(result.ExitCode);
        Assert.True(result.WallTime >= TimeSpan.FromSeconds(2));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_IgnoresSigterm_IsKilled(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Sh("trap '' TERM; while :; do :; done", TimeSpan.FromSeconds(2)));

        Assert.True(result.TimedOut);
        Assert.Equal(9, result.Signal);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_DetachedBackgroundSleep_ReturnsAndLeavesNothing(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var first = await sandbox.ExecAsync(harness.Sh("setsid sleep 300 & nohup sleep 301 >/dev/null 2>&1 & echo started", TimeSpan.FromSeconds(30)));
        var second = await sandbox.ExecAsync(harness.Sh("ps -eo user,args | grep -c '[s]leep 30'; true"));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("started\n", first.StdoutText);
        Assert.False(first.TimedOut);
        Assert.True(first.WallTime < TimeSpan.FromSeconds(30));
        Assert.Equal("0\n", second.StdoutText);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_TcpConnection_HasNoNetwork(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        // A listener on the host's loopback: reachable from any process on the host, never from the sandbox.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string program = $"import socket, os\nprint(sorted(os.listdir('/sys/class/net')))\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n    print('connected')\nexcept OSError as e:\n    print('refused', e.errno)\n";

        var result = await sandbox.ExecAsync(harness.Python(program));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("['lo']\nrefused", result.StdoutText, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_ThreeMegabytesOfStdin_ArriveIntact(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        byte[] input = new byte[3 * 1024 * 1024];
        new Random(7).NextBytes(input);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(input));

        var result = await sandbox.ExecAsync(harness.Sh("sha256sum | cut -d' ' -f1") with { Stdin = input });

        Assert.Equal(expected + "\n", result.StdoutText);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_StdinNeverRead_CommandSucceedsAndSandboxStaysUsable(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 }, agent: agent);
        string firstId;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            firstId = sandbox.Id;
            var ignored = await sandbox.ExecAsync(harness.Sh("echo ignored") with { Stdin = new byte[3 * 1024 * 1024] });
            Assert.Equal(0, ignored.ExitCode);
            Assert.Equal("ignored\n", ignored.StdoutText);
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var result = await next.ExecAsync(harness.Sh("echo again"));

        Assert.Equal(firstId, next.Id);
        Assert.Equal("again\n", result.StdoutText);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_CommandKillsEveryProcessItCan_IsACandidateFaultAndTheSandboxIsReplaced(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 }, agent: agent);
        string firstId;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            firstId = sandbox.Id;
            // As the same user, this reaches the wrapper shell or the exec agent; never PID 1 (another user).
            var result = await sandbox.ExecAsync(harness.Sh("kill -9 -1; sleep 1; echo survived"));
            // Through exec, the wrapper shell dies by SIGKILL; through the agent, the agent dies and no status is known.
            Assert.Null(result.ExitCode);
            Assert.Equal(agent ? null : 9, result.Signal);
            Assert.False(result.TimedOut);
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var after = await next.ExecAsync(harness.Sh("echo fine"));

        Assert.Equal("fine\n", after.StdoutText);
        if (agent)
        {
            Assert.NotEqual(firstId, next.Id);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_CommandStopsItsSupervisor_OutsideWatchdogReportsTimeout(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 }, agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        // The parent is the exec agent, or GNU timeout without it: stopped, it cannot enforce the timeout.
        var result = await sandbox.ExecAsync(harness.Sh("kill -STOP $PPID; sleep 60", TimeSpan.FromSeconds(1)));

        Assert.True(result.TimedOut);
        Assert.Equal(9, result.Signal);
        Assert.True(result.WallTime < TimeSpan.FromSeconds(30));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_BinaryOutput_IsReturnedByteForByte(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Python("import sys\nsys.stdout.buffer.write(bytes(range(256)) * 4)\n"));

        Assert.Equal(Enumerable.Range(0, 1024).Select(i => (byte)(i % 256)).ToArray(), result.Stdout);
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExecAsync_InvalidUtf8_KeepsBytesAndDecodesWithReplacement(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(agent: agent);
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Sh("printf 'ok\\377\\376\\300end'"));

        Assert.Equal(new byte[] { (byte)'o', (byte)'k', 0xFF, 0xFE, 0xC0, (byte)'e', (byte)'n', (byte)'d' }, result.Stdout);
        Assert.Equal("ok\uFFFD\uFFFD\uFFFDend", result.StdoutText);
    }

    private static void AssertHostResponsive()
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(10)), "the host could not run `true` within 10 s");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }
}
