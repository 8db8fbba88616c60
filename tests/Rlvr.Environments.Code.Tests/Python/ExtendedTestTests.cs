using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Python;

/// <summary>
/// Generated tests a memorised table cannot pass: no generated test's expected value equals the answer of its
/// nearest published input, set and source-expression arguments are mutated, and a task left with no generated
/// test says so in its evidence. Also the planner's handling of <c>math.isclose</c> without <c>rel_tol</c>.
/// </summary>
public class ExtendedTestTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<Dictionary<string, PythonFunctionProblem>> Problems = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz"))
            .Concat(FunctionDatasets.ReadMbpp(TestPaths.Shared("mbpp.jsonl")))
            .ToDictionary(p => p.Id, StringComparer.Ordinal));

    /// <summary>
    /// "Nearest published answer": a table of the published asserts, each call answered with the expected value
    /// of the published input that looks most like it. Written for HumanEval/0 (a bool per list of floats).
    /// </summary>
    private const string NearestPublishedAnswer = """
            import difflib, json
            table = [
                ([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.3, True), ([1.0, 2.0, 3.9, 4.0, 5.0, 2.2], 0.05, False),
                ([1.0, 2.0, 5.9, 4.0, 5.0], 0.95, True), ([1.0, 2.0, 5.9, 4.0, 5.0], 0.8, False),
                ([1.0, 2.0, 3.0, 4.0, 5.0, 2.0], 0.1, True), ([1.1, 2.2, 3.1, 4.1, 5.1], 1.0, True),
                ([1.1, 2.2, 3.1, 4.1, 5.1], 0.5, False),
            ]
            key = json.dumps([numbers, threshold])
            best = max(table, key=lambda row: difflib.SequenceMatcher(None, key, json.dumps([row[0], row[1]])).ratio())
            return best[2]
        """;

    [SkippableFact]
    public async Task ScoreAsync_NearestPublishedAnswerTable_ScoresZero()
    {
        var reward = await new PythonFunctionVerifier().ScoreAsync(Problems.Value["HumanEval/0"], NearestPublishedAnswer, sandboxes.Context("memoriser"));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.True(reward.Metrics["extended_tests"] > 0);
    }

    [SkippableTheory]
    [InlineData("mbpp/601")]
    [InlineData("HumanEval/19")]
    public async Task ScoreAsync_ReferenceOfTaskWithSourceOrWordArguments_HasExtendedTests(string id)
    {
        // mbpp/601 passes Pair objects (source-expression arguments), HumanEval/19 a string of number words:
        // neither got a generated test before.
        var problem = Problems.Value[id];
        string completion = problem.PromptCode.Length > 0 ? problem.Reference[problem.PromptCode.Length..] : "```python\n" + problem.Reference + "\n```";

        var reward = await new PythonFunctionVerifier().ScoreAsync(problem, completion, sandboxes.Context(id));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
        Assert.True(reward.Metrics["extended_tests"] > 0, id + " has no extended test");
    }

    [SkippableFact]
    public async Task ScoreAsync_TaskWithoutExtendedTests_IsFlaggedInEvidence()
    {
        // mbpp/367 takes tree fixtures by name: there is no literal to mutate, so no generated test.
        var problem = Problems.Value["mbpp/367"];

        var reward = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\n" + problem.Reference + "\n```", sandboxes.Context("mbpp-367"));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
        Assert.Equal(0, reward.Metrics["extended_tests"]);
        Assert.True(reward.Evidence.ContainsKey("no_extended_tests"));
    }

    [SkippableFact]
    public async Task ScoreAsync_IsCloseWithoutRelTol_PlansAndJudges()
    {
        // A math.isclose call with only the defaults once crashed the planner (a constant without a line number).
        var problem = new PythonFunctionProblem
        {
            Id = "isclose-default",
            Prompt = "Return the square root of x.",
            EntryPoint = "root",
            Reference = "def root(x):\n    return x ** 0.5\n",
            Tests = "import math\nassert math.isclose(root(2.0), 1.4142135623730951)\nassert math.isclose(root(9.0), 3.0)\n",
            TestStyle = PythonTestStyle.Module,
        };

        var right = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\nimport math\ndef root(x):\n    return math.sqrt(x)\n```", sandboxes.Context("isclose-right"));
        var wrong = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\ndef root(x):\n    return x / 2\n```", sandboxes.Context("isclose-wrong"));

        Assert.True(right.Value == 1.0, right + " " + right.Detail);
        Assert.Equal(Reasons.WrongAnswer, wrong.Reason);
    }
}
