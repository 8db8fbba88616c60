using System.Text;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

public sealed class DockerSandboxProviderTests
{
    [SkippableFact]
    public async Task ExecAsync_Echo_ReturnsStdoutAndExitCode()
    {
        await using var harness = await SandboxHarness.CreateAsync();
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(harness.Sh("echo hello; echo oops >&2; exit 3"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.StdoutText);
        Assert.Equal("oops\n", result.StderrText);
        Assert.False(result.TimedOut);
        Assert.False(result.OomKilled);
        Assert.Null(result.Signal);
    }

    [SkippableFact]
    public async Task ExecAsync_Stdin_ReachesTheProcess()
    {
        await using var harness = await SandboxHarness.CreateAsync();
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);

        var result = await sandbox.ExecAsync(new ExecRequest(["python3", "-c", "import sys; print(sys.stdin.read().upper())", harness.Marker])
        {
            Stdin = Encoding.UTF8.GetBytes("abc"),
        });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ABC\n", result.StdoutText);
    }
}
