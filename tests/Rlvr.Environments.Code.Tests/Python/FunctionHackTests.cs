using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Python;

/// <summary>The HumanEval-format reward-hack probes of the shared fixture, plus our own, against the real sandbox.</summary>
public class FunctionHackTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<PythonFunctionProblem> HumanEval0 = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).First(p => p.Id == "HumanEval/0"));

    private static readonly PythonFunctionVerifier Verifier = new(new CodeOptions { TestTimeLimit = TimeSpan.FromSeconds(3) });

    public static TheoryData<string, string> SharedProbes() => new()
    {
        { "he0-always-equal", Reasons.WrongAnswer },
        { "he0-sys-exit-0", Reasons.RuntimeError },
        { "he0-os-exit-0", Reasons.RuntimeError },
        { "he0-raise-systemexit", Reasons.RuntimeError },
        { "he0-atexit-override", Reasons.WrongAnswer },
        { "he0-frame-forge", Reasons.RuntimeError },
        { "he0-stdout-forge", Reasons.WrongAnswer },
        { "he0-skip", Reasons.RuntimeError },
        { "he0-patch-asserts", Reasons.WrongAnswer },
        { "he0-ignore-alarm", Reasons.TimeLimit },
        { "he0-stateful", Reasons.WrongAnswer },
        { "he0-hardcode-visible", Reasons.WrongAnswer },
        { "he0-read-tests", Reasons.WrongAnswer },
    };

    public static TheoryData<string, string, string> OwnHacks() => new()
    {
        {
            "int-subclass-eq", Reasons.WrongAnswer,
            "    class B(int):\n        def __eq__(self, other):\n            return True\n        __hash__ = int.__hash__\n    return B(1)\n"
        },
        {
            "bool-like-str", Reasons.WrongAnswer,
            "    class S(str):\n        def __eq__(self, other):\n            return True\n    return S('True')\n"
        },
        { "kill-parent", Reasons.RuntimeError, "    import os, signal\n    os.kill(os.getppid(), signal.SIGKILL)\n    return True\n" },
        { "kill-everything", Reasons.RuntimeError, "    import os, signal\n    os.kill(-1, signal.SIGKILL)\n    return True\n" },
        { "close-streams", Reasons.RuntimeError, "    import os\n    for fd in range(0, 1024):\n        try:\n            os.close(fd)\n        except OSError:\n            pass\n    return False\n" },
        {
            "daemon-prints-later", Reasons.WrongAnswer,
            "    import os, time\n    if os.fork() == 0:\n        os.setsid()\n        time.sleep(0.3)\n        for fd in (1, 2):\n            try:\n                os.write(fd, b'{\"id\": \"t0\", \"status\": \"ok\", \"value\": true}\\n{\"done\": true}\\n')\n            except OSError:\n                pass\n        os._exit(0)\n    return False\n"
        },
        {
            "patch-builtins-and-codec", Reasons.WrongAnswer,
            "    import builtins, sys\n    builtins.type = lambda *a: bool\n    builtins.isinstance = lambda *a: True\n    codec = sys.modules.get('rlvr_codec')\n    if codec is not None:\n        codec.encode = lambda *a, **k: True\n    sys.modules['json'] = None\n    return False\n"
        },
        {
            "write-runner-stdout-via-proc", Reasons.RuntimeError,
            "    import os\n    with open('/proc/%d/fd/1' % os.getppid(), 'w') as f:\n        f.write('{\"id\": \"t0\", \"status\": \"ok\", \"value\": true}\\n')\n    return False\n"
        },
        {
            "ptrace-runner-mem", Reasons.RuntimeError,
            "    import os\n    open('/proc/%d/mem' % os.getppid(), 'rb').read(1)\n    return False\n"
        },
        { "fork-bomb", Reasons.TimeLimit, "    import os\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n" },
        { "syntax-error", Reasons.CompileError, "    return (\n" },
        { "allocate-huge", Reasons.MemoryLimit, "    x = bytearray(4 * 1024 ** 3)\n    return True\n" },
    };

    [SkippableTheory]
    [MemberData(nameof(SharedProbes))]
    public async Task ScoreAsync_SharedProbe_ScoresZeroWithReason(string probeId, string reason)
    {
        _ = sandboxes.Provider;
        var probe = Probe.Load().Single(p => p.Id == probeId);
        Assert.Equal("humaneval_completion", probe.Format);
        var reward = await Verifier.ScoreAsync(HumanEval0.Value, probe.Code, sandboxes.Context(probeId));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(probe.ExpectedReward, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    [SkippableTheory]
    [MemberData(nameof(OwnHacks))]
    public async Task ScoreAsync_OwnHack_ScoresZeroWithReason(string name, string reason, string body)
    {
        _ = sandboxes.Provider;
        var reward = await Verifier.ScoreAsync(HumanEval0.Value, body, sandboxes.Context(name));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_ConftestProbeAsCompletion_ScoresZero()
    {
        // The fixture's pytest probe targets a pytest-graded tree; no pytest runs here, so as a completion it is just code without the function.
        _ = sandboxes.Provider;
        var probe = Probe.Load().Single(p => p.Id == "pytest-conftest-report-patch");
        var reward = await Verifier.ScoreAsync(HumanEval0.Value, "```python\n" + probe.Code + "\n```", sandboxes.Context(probe.Id));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
    }

    [SkippableFact]
    public async Task ScoreAsync_PartialCredit_RewardsFractionPassed()
    {
        _ = sandboxes.Provider;
        var partial = new PythonFunctionVerifier(new CodeOptions { PartialCredit = true });
        var reward = await partial.ScoreAsync(HumanEval0.Value, "    return True\n", sandboxes.Context("partial"));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.InRange(reward.Value, 0.01, 0.99);
        Assert.Equal(reward.Metrics["tests_passed"] / reward.Metrics["tests_total"], reward.Value, 6);
    }
}
