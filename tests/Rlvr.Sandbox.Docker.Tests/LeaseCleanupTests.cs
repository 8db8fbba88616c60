using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker.Tests;

/// <summary>
/// What the seccomp profile denies, and state that outlives processes: SysV shared memory, semaphores and message
/// queues and POSIX message queues left by one lease are gone when the next lease of the same container starts,
/// through the exec agent and through one exec per command. Before, a SysV segment stayed charged to the container's
/// memory and a later correct program in it ran out of memory.
/// </summary>
public sealed class LeaseCleanupTests
{
    private const string LeaveIpc = """
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        libc.shmat.restype = ctypes.c_void_p
        shm = libc.shmget(0x5EED, 64 * 1024 * 1024, 0o1600)
        addr = libc.shmat(shm, None, 0)
        ctypes.memset(addr, 1, 64 * 1024 * 1024)
        print(shm >= 0, libc.semget(0x5EEE, 1, 0o1600) >= 0, libc.msgget(0x5EEF, 0o1600) >= 0)
        rt = ctypes.CDLL('librt.so.1', use_errno=True)
        print(rt.mq_open(b'/rlvr-left', os.O_CREAT | os.O_RDWR, 0o600, None) >= 0)
        """;

    private const string CountIpc = """
        import os
        rows = 0
        for kind in ('shm', 'sem', 'msg'):
            with open('/proc/sysvipc/' + kind) as f:
                rows += len(f.read().splitlines()) - 1
        print(rows, len(os.listdir('/dev/mqueue')))
        """;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AcquireAsync_IpcLeftByThePreviousLease_IsGone(bool agent)
    {
        await using var harness = await SandboxHarness.CreateAsync(new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 }, agent: agent);
        string first;
        await using (var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec))
        {
            var left = await sandbox.ExecAsync(harness.Python(LeaveIpc));
            var seen = await sandbox.ExecAsync(harness.Python(CountIpc));
            first = sandbox.Id;
            Assert.Equal("True True True\nTrue", left.StdoutText.Trim());
            Assert.Equal("3 1", seen.StdoutText.Trim());
        }

        await using var next = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        var after = await next.ExecAsync(harness.Python(CountIpc));

        Assert.Equal(first, next.Id);
        Assert.Equal("0 0", after.StdoutText.Trim());
    }

    [SkippableFact]
    public async Task ExecAsync_RarelyNeededSystemCalls_AreDenied()
    {
        await using var harness = await SandboxHarness.CreateAsync();
        await using var sandbox = await harness.Provider.AcquireAsync(SandboxHarness.PythonSpec);
        // io_uring_setup (425), bpf (321), userfaultfd (323), keyctl (250), unshare(CLONE_NEWUSER) (272) on x86-64:
        // each fails with EPERM under the profile; getpid (39) still works.
        const string Program = """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            params = ctypes.create_string_buffer(120)
            out = []
            for nr, args in ((425, (1, params)), (321, (0, None, 0)), (323, (0,)), (250, (0, 0)), (272, (0x10000000,))):
                r = libc.syscall(nr, *args)
                out.append('%d:%d' % (r, ctypes.get_errno()))
            out.append('pid:%d' % (libc.syscall(39) > 0))
            print(' '.join(out))
            """;

        var result = await sandbox.ExecAsync(harness.Python(Program));

        Assert.Equal("-1:1 -1:1 -1:1 -1:1 -1:1 pid:1", result.StdoutText.Trim());
    }

    [Fact]
    public async Task BuildCreateParameters_Default_PrivateIpcAndSeccompProfile()
    {
        await using var provider = new DockerSandboxProvider();

        var p = provider.BuildCreateParameters(new SandboxSpec("img"));

        Assert.Equal("private", p.HostConfig!.IpcMode);
        var seccomp = Assert.Single(p.HostConfig!.SecurityOpt, o => o.StartsWith("seccomp=", StringComparison.Ordinal));
        Assert.Contains("io_uring_setup", seccomp, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', seccomp);
    }
}
