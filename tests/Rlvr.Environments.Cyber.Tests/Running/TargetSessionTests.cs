using System.Text;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Cyber.Challenges;
using Rlvr.Environments.Cyber.Running;
using Rlvr.Environments.Cyber.Sanitizers;

namespace Rlvr.Environments.Cyber.Tests.Running;

public class TargetSessionTests
{
    private const string Report = "==123==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1 at pc 0x2 bp 0x3 sp 0x4\nWRITE of size 1 at 0x1 thread T0\n    #0 0x5 in f src/a.c:3\n";

    private static async Task<(RunObservation Run, ScriptedSandbox Sandbox)> RunOnceAsync(ExecResult runResult, string collectLine)
    {
        var sandbox = new ScriptedSandbox(request =>
        {
            string script = request.Argv[2];
            if (script.Contains("tar -x", StringComparison.Ordinal))
            {
                return new ExecResult { ExitCode = 0 };
            }

            return script.StartsWith("for f;", StringComparison.Ordinal)
                ? new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes(collectLine) }
                : runResult;
        });
        var session = await TargetSession.StartAsync(sandbox, CyberOptions.Default, new Dictionary<string, byte[]> { ["t"] = [1] }, 1, CancellationToken.None);
        await session.RunAsync("t", [0x41], InputDelivery.Stdin, TimeSpan.FromSeconds(1), CancellationToken.None);
        var runs = await session.CollectAsync(CancellationToken.None);
        await session.DisposeAsync();
        return (Assert.Single(runs), sandbox);
    }

    private static ExecResult Exit(int code, string stdout = "123\n") => new() { ExitCode = code, Stdout = Encoding.UTF8.GetBytes(stdout) };

    [Fact]
    public async Task Collect_ReportOfLaunchedPid_IsCrash()
    {
        var (run, sandbox) = await RunOnceAsync(Exit(86), ScriptedSandbox.ReportLine(Report));
        Assert.Equal(CrashKind.Crash, run.Kind);
        Assert.Equal("f", run.Report?.Signature.CrashSite?.Function);
        Assert.EndsWith("/r0/report.123", sandbox.Requests[^1].Argv[^1], StringComparison.Ordinal);
        Assert.Equal("0:0", sandbox.Requests[0].User);
        Assert.Null(sandbox.Requests[1].User);
    }

    [Fact]
    public async Task Collect_ReportNamingAnotherPid_IsIgnored()
    {
        var (run, _) = await RunOnceAsync(Exit(86), ScriptedSandbox.ReportLine(Report.Replace("==123==", "==999==", StringComparison.Ordinal)));
        Assert.Equal(CrashKind.Other, run.Kind);
        Assert.Null(run.Report);
        Assert.Contains("999", run.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_TimedOutRunWithReport_IsHangNeverCrash()
    {
        var (run, _) = await RunOnceAsync(new ExecResult { TimedOut = true, Signal = 9, Stdout = "123\n"u8.ToArray() }, ScriptedSandbox.ReportLine(Report));
        Assert.Equal(CrashKind.Hang, run.Kind);
        Assert.Null(run.Report);
    }

    [Theory]
    [InlineData(86, null, CrashKind.Other)]
    [InlineData(null, 11, CrashKind.Other)]
    [InlineData(0, null, CrashKind.None)]
    [InlineData(3, null, CrashKind.None)]
    public async Task Collect_NoReport_ExitStatusIsNeverACrash(int? exitCode, int? signal, CrashKind expected)
    {
        var (run, _) = await RunOnceAsync(new ExecResult { ExitCode = exitCode, Signal = signal, Stdout = "123\nERROR: AddressSanitizer: SEGV\n"u8.ToArray() }, "0\n");
        Assert.Equal(expected, run.Kind);
        Assert.Equal("ERROR: AddressSanitizer: SEGV\n", Encoding.UTF8.GetString(run.Stdout));
    }

    [Fact]
    public async Task Run_WrapperPrintedNoPid_IsSandboxError()
    {
        await Assert.ThrowsAsync<SandboxException>(() => RunOnceAsync(Exit(0, "not a pid\n"), "0\n"));
    }
}
