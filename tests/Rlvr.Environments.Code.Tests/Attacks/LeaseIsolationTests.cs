using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Sandbox.Docker;

namespace Rlvr.Environments.Code.Tests.Attacks;

/// <summary>
/// State that outlives a process: SysV shared memory, semaphores and message queues, POSIX message queues, and a
/// program that rewrites its own file. None of it reaches the next test of a sample or the next lease of a
/// container: each attacker below leaves such state, and a correct victim run after it (in the same container,
/// the pool has one) scores 1. Before, a 400 MB SysV segment left by one sample made the next correct sample in
/// the container a <c>memory_limit</c> 0, and a SysV counter carried from test to test.
/// </summary>
public sealed class LeaseIsolationTests : IAsyncLifetime
{
    private const string Correct = "    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n";

    private static readonly Lazy<PythonFunctionProblem> HumanEval0 = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).First(p => p.Id == "HumanEval/0"));

    private readonly SandboxFixture images = new();
    private DockerSandboxProvider? provider;

    /// <summary>Leaves a SysV segment charged to the container's memory, a semaphore, a message queue and a POSIX queue.</summary>
    private const string Attacker = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            libc.shmat.restype = ctypes.c_void_p
            size = 400 * 1024 * 1024
            shm = libc.shmget(0x5EED, size, 0o1666)
            if shm >= 0:
                addr = libc.shmat(shm, None, 0)
                if addr not in (None, ctypes.c_void_p(-1).value):
                    ctypes.memset(addr, 1, size)
            libc.semget(0x5EEE, 1, 0o1666)
            libc.msgget(0x5EEF, 0o1666)
            try:
                rt = ctypes.CDLL('librt.so.1', use_errno=True)
                rt.mq_open(b'/rlvr-left', os.O_CREAT | os.O_RDWR, 0o666, None)
            except OSError:
                pass
            return None
        """;

    /// <summary>Right only when it finds none of the attacker's state (the SysV keys, the POSIX queue).</summary>
    private const string Victim = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.shmget(0x5EED, 0, 0) >= 0 or libc.semget(0x5EEE, 0, 0) >= 0 or libc.msgget(0x5EEF, 0) >= 0:
                return None
            if os.path.exists('/dev/mqueue/rlvr-left'):
                return None
            block = bytearray(200 * 1024 * 1024)
        """ + "\n" + Correct;

    public async Task InitializeAsync()
    {
        await images.InitializeAsync();
        _ = images.Provider;
        provider = new DockerSandboxProvider(new DockerSandboxOptions
        {
            Labels = new Dictionary<string, string> { ["rlvr.test"] = "code-lease" },
            Pool = new SandboxPoolOptions { MinIdle = 0, MaxContainers = 1 },
        });
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }

        await images.DisposeAsync();
    }

    [SkippableFact]
    public async Task ScoreAsync_VictimAfterIpcAttackerInSameContainer_ScoresOne()
    {
        var verifier = new PythonFunctionVerifier();
        var context = new ScoringContext("attacker", new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, sandboxes: provider);
        var attacked = await verifier.ScoreAsync(HumanEval0.Value, Attacker, context);
        Assert.Equal(Outcome.Scored, attacked.Outcome);

        var victim = await verifier.ScoreAsync(HumanEval0.Value, Victim, new ScoringContext("victim", new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, sandboxes: provider));

        Assert.True(victim.Value == 1.0, victim + " " + victim.Detail);
        Assert.Equal(1, provider!.LiveContainers);
    }

    [SkippableFact]
    public async Task ScoreAsync_StdioCounterInSysVAndOwnSource_EachTestStartsClean()
    {
        // Answers right only when no earlier test left its marks: a SysV semaphore, a POSIX queue, or a line it
        // appends to its own source file.
        var problem = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12");
        Assert.True(problem.Tests.Count > 1);
        string program = """
            import ctypes, os, sys
            libc = ctypes.CDLL(None, use_errno=True)
            stale = libc.semget(0x5EF0, 0, 0) >= 0 or os.path.exists('/dev/mqueue/rlvr-count')
            with open(__file__) as f:
                stale = stale or '# touched' in f.read().splitlines()
            if stale:
                print('state from an earlier test')
                sys.exit(0)
            libc.semget(0x5EF0, 1, 0o1666)
            try:
                ctypes.CDLL('librt.so.1').mq_open(b'/rlvr-count', os.O_CREAT | os.O_RDWR, 0o666, None)
            except OSError:
                pass
            with open(__file__, 'a') as f:
                f.write('\n# touched\n')
            """ + "\n" + TestPaths.StdioSolution(problem.Id, "accepted.py");

        var reward = await new StdioVerifier().ScoreAsync(problem, "```python\n" + program + "\n```", new ScoringContext("counter", new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token, sandboxes: provider));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }
}
