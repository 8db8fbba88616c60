using System.Collections.Concurrent;
using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Python;

public class HumanEvalCanonicalTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    [SkippableFact]
    public async Task ScoreAsync_AllCanonicalSolutions_ScoreOne()
    {
        _ = sandboxes.Provider;
        var problems = FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).ToList();
        Assert.Equal(164, problems.Count);
        var verifier = new PythonFunctionVerifier();
        var rewards = new ConcurrentDictionary<string, Reward>();
        await Parallel.ForEachAsync(problems, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (problem, _) =>
        {
            string completion = FunctionDatasetsCanonical(problem);
            rewards[problem.Id] = await verifier.ScoreAsync(problem, completion, sandboxes.Context(problem.Id));
        });
        var failures = rewards.Where(r => r.Value.Value != 1.0).Select(r => $"{r.Key}: {r.Value}").OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Exactly the tasks ExtendedTestCoverage lists (and rlvr list counts) have no extended test, and say so.
        var flagged = rewards.Where(r => r.Value.Evidence.ContainsKey("no_extended_tests")).Select(r => r.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(ExtendedTestCoverage.TasksWithoutExtendedTests.Where(id => id.StartsWith("HumanEval/", StringComparison.Ordinal)).Order(StringComparer.Ordinal), flagged);
        Assert.All(rewards, r => Assert.Equal(flagged.Contains(r.Key), r.Value.Metrics.TryGetValue("extended_tests", out double n) && n == 0));
    }

    /// <summary>The canonical solution as a HumanEval-style body completion.</summary>
    private static string FunctionDatasetsCanonical(PythonFunctionProblem problem) => problem.Reference[problem.PromptCode.Length..];
}
