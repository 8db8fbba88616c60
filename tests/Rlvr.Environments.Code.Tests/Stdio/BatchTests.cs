using System.Globalization;
using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Stdio;

/// <summary>
/// Tests in batches of bounded output (here a few tests, or one, per batch): the verdicts are those of one run, a C# program is
/// compiled once and its assembly carried to the later batches, and all-or-nothing stops after the first failed batch.
/// </summary>
public class BatchTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<StdioProblem> Problem = new(() =>
        StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12"));

    private static readonly CodeOptions OneTestPerBatch = new() { BatchOutputBytes = 1 };

    [SkippableFact]
    public async Task ScoreAsync_PythonAcceptedFewTestsPerBatch_ScoresOne()
    {
        Assert.True(Problem.Value.Tests.Count > 1);
        string program = TestPaths.StdioSolution(Problem.Value.Id, "accepted.py");

        var reward = await new StdioVerifier(StdioLanguage.Python, new CodeOptions { BatchOutputBytes = 3L << 20 }).ScoreAsync(Problem.Value, "```python\n" + program + "\n```", sandboxes.Context("batch-py"));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableFact]
    public async Task ScoreAsync_CSharpAcceptedOneTestPerBatch_CompiledOnceScoresOne()
    {
        var problem = StdioDatasets.ReadLiveCodeBench(TestPaths.Shared("livecodebench_sample.jsonl")).Single(p => p.Id == "codeforces/1873_A");
        string program = TestPaths.StdioSolution(problem.Id, "accepted.cs");

        var reward = await new StdioVerifier(StdioLanguage.CSharp, OneTestPerBatch).ScoreAsync(problem, "```csharp\n" + program + "\n```", sandboxes.Context("batch-cs"));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableFact]
    public async Task ScoreAsync_WrongOneTestPerBatch_StopsAfterTheFirstFailure()
    {
        var reward = await new StdioVerifier(StdioLanguage.Python, OneTestPerBatch).ScoreAsync(Problem.Value, "```python\nprint('rlvr-wrong')\n```", sandboxes.Context("batch-wrong"));

        Assert.Equal(Reasons.WrongAnswer, reward.Reason);
        var tests = Assert.IsAssignableFrom<IEnumerable<Dictionary<string, object?>>>(reward.Evidence["tests"]).ToList();
        Assert.Single(tests, t => (string?)t["reason"] == Reasons.WrongAnswer);
        Assert.Equal(tests.Count - 1, tests.Count(t => (string?)t["reason"] == "not_run"));
    }

    [SkippableFact]
    public async Task ScoreAsync_MegabyteOutputsOverSeveralBatches_EveryByteCompared()
    {
        // Each test expects about 1 MiB (its number on 100,000 lines), so three tests fill a batch: the outputs travel
        // through the sample's one pooled buffer batch after batch and are compared whole. The candidate gets the
        // last line of test 4 wrong, so exactly 5 of 6 pass.
        var problem = new StdioProblem
        {
            Id = "big-outputs",
            Prompt = "p",
            Tests = [.. Enumerable.Range(0, 6).Select(i => new StdioTest(i.ToString(CultureInfo.InvariantCulture) + "\n", string.Concat(Enumerable.Repeat(i.ToString("000000000", CultureInfo.InvariantCulture) + "\n", 100_000))))],
        };
        string program = "import sys\nn = int(input())\nline = '%09d\\n' % n\nsys.stdout.write(line * 99999 + (line if n != 4 else '%09d\\n' % (n + 1)))\n";

        var reward = await new StdioVerifier(StdioLanguage.Python, new CodeOptions { PartialCredit = true }).ScoreAsync(problem, "```python\n" + program + "```", sandboxes.Context("batch-big"));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.True(Math.Abs(reward.Value - (5.0 / 6)) < 1e-9, reward + " " + reward.Detail);
    }
}
