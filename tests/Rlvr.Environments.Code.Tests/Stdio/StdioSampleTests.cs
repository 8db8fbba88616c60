using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Stdio;

/// <summary>CodeContests and LiveCodeBench samples: accepted solutions score 1, wrong ones 0; the stdin probes score 0.</summary>
public class StdioSampleTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<Dictionary<string, StdioProblem>> Problems = new(() =>
        StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl"))
            .Concat(StdioDatasets.ReadLiveCodeBench(TestPaths.Shared("livecodebench_sample.jsonl")))
            .ToDictionary(p => p.Id, StringComparer.Ordinal));

    private static readonly StdioVerifier Python = new();

    private static readonly StdioVerifier CSharp = new(StdioLanguage.CSharp);

    public static TheoryData<string> SolvedProblems() =>
        ["code_contests/3", "code_contests/12", "code_contests/14", "code_contests/17", "code_contests/19", "codeforces/1873_A", "atcoder/abc301_a"];

    [SkippableTheory]
    [MemberData(nameof(SolvedProblems))]
    public async Task ScoreAsync_AcceptedSolution_ScoresOne(string problemId)
    {
        var reward = await Python.ScoreAsync(Problems.Value[problemId], Fenced("python", Solution(problemId, "accepted.py")), sandboxes.Context(problemId));
        Assert.True(reward.Value == 1.0, reward.ToString() + " " + reward.Detail);
    }

    [SkippableTheory]
    [MemberData(nameof(SolvedProblems))]
    public async Task ScoreAsync_WrongSolution_ScoresZero(string problemId)
    {
        var reward = await Python.ScoreAsync(Problems.Value[problemId], Fenced("python", Solution(problemId, "wrong.py")), sandboxes.Context(problemId));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(Reasons.WrongAnswer, reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_MultiAnswerProblemWithChecker_AcceptsAnyValidAnswer()
    {
        var problem = Problems.Value["code_contests/4"] with { Checker = Solution("code_contests/4", "checker.py") };
        var accepted = await Python.ScoreAsync(problem, Fenced("python", Solution("code_contests/4", "accepted.py")), sandboxes.Context("cc4-ok"));
        var wrong = await Python.ScoreAsync(problem, Fenced("python", Solution("code_contests/4", "wrong.py")), sandboxes.Context("cc4-wrong"));
        Assert.True(accepted.Value == 1.0, accepted + " " + accepted.Detail);
        Assert.Equal(0.0, wrong.Value);
        Assert.Equal(Outcome.Scored, wrong.Outcome);
    }

    [SkippableFact]
    public async Task ScoreAsync_MultiAnswerProblemWithoutChecker_Unscorable()
    {
        _ = sandboxes.Provider;
        var reward = await Python.ScoreAsync(Problems.Value["code_contests/4"], Fenced("python", Solution("code_contests/4", "accepted.py")), sandboxes.Context("cc4"));
        Assert.Equal(Outcome.Unscorable, reward.Outcome);
    }

    [SkippableTheory]
    [InlineData("cf1873a-empty-exit0", Reasons.WrongAnswer)]
    [InlineData("cf1873a-all-yes", Reasons.WrongAnswer)]
    [InlineData("cf1873a-flood", Reasons.OutputLimit)]
    public async Task ScoreAsync_StdinProbe_ScoresZeroWithReason(string probeId, string reason)
    {
        var probe = Probe.Load().Single(p => p.Id == probeId);
        Assert.Equal("codeforces/1873_A", probe.Target);
        var reward = await Python.ScoreAsync(Problems.Value[probe.Target], probe.Code, sandboxes.Context(probeId));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(probe.ExpectedReward, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    [SkippableTheory]
    [InlineData("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('YES')\n", Reasons.RuntimeError)]
    [InlineData("import os\nos.kill(-1, 9)\n", Reasons.RuntimeError)]
    [InlineData("import os\nopen('/proc/%d/mem' % os.getppid(), 'rb').read(1)\n", Reasons.RuntimeError)]
    [InlineData("import os, sys\nos.close(1)\nos.close(0)\n", Reasons.WrongAnswer)]
    [InlineData("import os, time\nif os.fork() == 0:\n    time.sleep(0.5)\n    print('YES')\n", Reasons.WrongAnswer)]
    public async Task ScoreAsync_HarnessAttack_ScoresZeroNotInfraError(string program, string reason)
    {
        var reward = await Python.ScoreAsync(Problems.Value["codeforces/1873_A"], Fenced("python", program), sandboxes.Context("attack"));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_CSharpAccepted_ScoresOne()
    {
        var reward = await CSharp.ScoreAsync(Problems.Value["codeforces/1873_A"], Fenced("csharp", Solution("codeforces/1873_A", "accepted.cs")), sandboxes.Context("cs-ok"));
        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableTheory]
    [InlineData("wrong", Reasons.WrongAnswer)]
    [InlineData("exit0", Reasons.WrongAnswer)]
    [InlineData("compile", Reasons.CompileError)]
    [InlineData("throw", Reasons.RuntimeError)]
    [InlineData("spin", Reasons.TimeLimit)]
    public async Task ScoreAsync_CSharpFailure_ScoresZeroWithReason(string kind, string reason)
    {
        string source = kind switch
        {
            "wrong" => Solution("codeforces/1873_A", "wrong.cs"),
            "exit0" => "Environment.Exit(0);",
            "compile" => "int x = ;",
            "throw" => "throw new InvalidOperationException(\"boom\");",
            _ => "while (true) { }",
        };
        var problem = Problems.Value["codeforces/1873_A"] with { TimeLimitSeconds = 2 };
        var reward = await CSharp.ScoreAsync(problem, Fenced("csharp", source), sandboxes.Context("cs-" + kind));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    private static string Fenced(string language, string code) => $"```{language}\n{code}\n```";

    private static string Solution(string problemId, string suffix) => TestPaths.StdioSolution(problemId, suffix);
}
