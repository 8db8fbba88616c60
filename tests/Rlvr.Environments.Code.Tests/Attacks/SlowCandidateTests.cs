using Rlvr.Core;
using Rlvr.Core.Scoring;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Attacks;

/// <summary>
/// Slow, frozen and process-hungry candidates, scored through the engine with the default options and the default
/// item deadline: each is a Scored 0 with its reason, never an <c>infra_error</c>, because the verifier's own time
/// budget ends the run long before the host's deadline. Before the budget, each of these ran all 17 tests of
/// HumanEval/0 to their 6 s limit (about 100 s) and the 60 s deadline made it <c>verifier_timeout</c>.
/// </summary>
public class SlowCandidateTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<PythonFunctionProblem> HumanEval0 = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).First(p => p.Id == "HumanEval/0"));

    private const string Correct = "    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n";

    public static TheoryData<string, string, string> Candidates() => new()
    {
        // Sleeps just under every test's limit and answers right: the run's budget, not the deadline, ends it.
        { "sleep-under-limit", Reasons.TimeLimit, "    import time\n    time.sleep(5.7)\n" + Correct },
        { "spin-ignoring-sigterm", Reasons.TimeLimit, "    import signal\n    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n    while True:\n        pass\n" },
        { "stop-own-group", Reasons.TimeLimit, "    import os, signal\n    os.killpg(0, signal.SIGSTOP)\n" + Correct },
        { "stop-the-runner", Reasons.WrongAnswer, "    import os, signal\n    os.kill(os.getppid(), signal.SIGSTOP)\n    return None\n" },
        { "fork-bomb-escaping-group", Reasons.TimeLimit, "    import os\n    while True:\n        try:\n            if os.fork() == 0:\n                os.setsid()\n        except OSError:\n            pass\n" },
        // Python 3.11 keeps frames on the heap: it ends at the time or the memory limit, whichever comes first, or,
        // when the C stack runs out before either (seen once in a full run here), with SIGSEGV: a runtime error. Every one
        // of these is the candidate's Scored 0; what must never happen is an infra_error.
        { "deep-recursion", Reasons.TimeLimit + "|" + Reasons.MemoryLimit + "|" + Reasons.RuntimeError, "    import sys\n    sys.setrecursionlimit(10 ** 8)\n    def f(n):\n        return f(n + 1) + 1\n    return f(0)\n" },
    };

    [SkippableTheory]
    [MemberData(nameof(Candidates))]
    public async Task ScoreOneAsync_SlowFunctionCandidate_ScoredZeroNotInfraError(string name, string reason, string body)
    {
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, sandboxes.Provider);

        var item = await engine.ScoreOneAsync(new HumanEvalEnvironment(), new ScoringRequest(name, HumanEval0.Value, body));

        Assert.True(item.Reward.Outcome == Outcome.Scored, $"{name}: {item.Reward} {item.Reward.Detail}");
        Assert.Equal(0.0, item.Reward.Value);
        Assert.Contains(item.Reward.Reason, reason.Split('|'));
    }

    [SkippableFact]
    public async Task ScoreOneAsync_StdioProgramSleepingUnderEveryLimit_ScoredTimeLimit()
    {
        var problem = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12");
        double limit = problem.TimeLimitSeconds ?? CodeOptions.Default.TestTimeLimit.TotalSeconds;
        string program = $"import time\ntime.sleep({limit * 0.9:0.###})\n" + TestPaths.StdioSolution(problem.Id, "accepted.py");
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, sandboxes.Provider);

        var item = await engine.ScoreOneAsync(new StdioEnvironment(), new ScoringRequest("stdio-sleeper", problem, "```python\n" + program + "\n```"));

        Assert.True(item.Reward.Outcome == Outcome.Scored, $"{item.Reward} {item.Reward.Detail}");
        Assert.Equal(Reasons.TimeLimit, item.Reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_PartialCreditAndBudgetSpent_RemainingTestsChargedAsFailed()
    {
        // Right but slow in every test: with partial credit the run still ends at the budget, and the tests it
        // did not reach count as failed.
        var verifier = new PythonFunctionVerifier(new CodeOptions { PartialCredit = true });
        string body = "    import time\n    time.sleep(5.5)\n" + Correct;

        var reward = await verifier.ScoreAsync(HumanEval0.Value, body, sandboxes.Context("partial-budget"));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.True(reward.Value is > 0 and < 1, reward.ToString());
        var tests = Assert.IsAssignableFrom<IEnumerable<Dictionary<string, object?>>>(reward.Evidence["tests"]);
        Assert.Contains(tests, t => (string?)t["detail"] == "not run: the run's time budget was spent");
    }
}
