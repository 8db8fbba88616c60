using System.Text.Json;
using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Tests.Python;

/// <summary>LiveCodeBench's call-based row (LeetCode 2727, a <c>class Solution</c> method with JSON cases).</summary>
public class CallBasedTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<PythonFunctionProblem> Problem = new(() =>
        FunctionDatasets.ReadLiveCodeBenchCallBased(TestPaths.Shared("livecodebench_sample.jsonl")).Single());

    private const string Accepted = "```python\nclass Solution:\n    def countSeniors(self, details: List[str]) -> int:\n        return sum(1 for d in details if int(d[11:13]) > 60)\n```";

    [Fact]
    public void Load_CallBasedRow_HasCasesAndClass()
    {
        Assert.Equal("leetcode/2727", Problem.Value.Id);
        Assert.Equal("countSeniors", Problem.Value.EntryPoint);
        Assert.Equal(14, Problem.Value.Cases!.Count);
        Assert.Single(Problem.Value.Cases![0].Args);
    }

    [SkippableFact]
    public async Task ScoreAsync_Accepted_ScoresOne()
    {
        var reward = await new PythonFunctionVerifier().ScoreAsync(Problem.Value, Accepted, sandboxes.Context("lc-ok"));
        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableFact]
    public async Task ScoreAsync_Wrong_ScoresZero()
    {
        var reward = await new PythonFunctionVerifier().ScoreAsync(Problem.Value, Accepted.Replace("> 60", ">= 60", StringComparison.Ordinal), sandboxes.Context("lc-wrong"));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(Reasons.WrongAnswer, reward.Reason);
    }

    [Theory]
    [InlineData("3", "{\"i\":\"3\"}")]
    [InlineData("3.5", "{\"f\":\"3.5\"}")]
    [InlineData("1e3", "{\"f\":\"1e3\"}")]
    [InlineData("[1,\"a\",null,true]", "[{\"i\":\"1\"},\"a\",null,true]")]
    [InlineData("{\"k\":2}", "{\"d\":[[\"k\",{\"i\":\"2\"}]]}")]
    public void PyJson_PlainJson_ConvertsToTagged(string json, string tagged) =>
        Assert.Equal(tagged, PyJson.ToTagged(JsonDocument.Parse(json).RootElement));
}
