using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Attacks;

/// <summary>
/// Lone surrogates are legal in a Python <c>str</c>; the runner's JSON carries them as <c>\ud800</c> escapes, which
/// .NET's <c>GetString</c> refuses. Before the tolerant reader these were <c>infra_error</c> (retried three times);
/// now they are ordinary values: a failed test for the wrong answer, a pass for the right one.
/// </summary>
public class SurrogateTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<PythonFunctionProblem> HumanEval0 = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).First(p => p.Id == "HumanEval/0"));

    [SkippableTheory]
    [InlineData("    raise ValueError('\\ud800')\n", Reasons.RuntimeError)]
    [InlineData("    return '\\udfff'\n", Reasons.WrongAnswer)]
    [InlineData("    return {'\\ud800': ['\\udfff', ('\\ud83d',)]}\n", Reasons.WrongAnswer)]
    public async Task ScoreAsync_LoneSurrogate_ScoredZero(string body, string reason)
    {
        var reward = await new PythonFunctionVerifier().ScoreAsync(HumanEval0.Value, body, sandboxes.Context("surrogate"));

        Assert.True(reward.Outcome == Outcome.Scored, reward + " " + reward.Detail);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_ExpectedLoneSurrogateReturned_ScoresOne()
    {
        var problem = new PythonFunctionProblem
        {
            Id = "surrogate-echo",
            Prompt = "Return the low half of a surrogate pair followed by s.",
            EntryPoint = "f",
            Reference = "def f(s):\n    return '\\udfff' + s\n",
            Tests = "assert f('a') == '\\udfffa'\nassert f('') == '\\udfff'\n",
            TestStyle = PythonTestStyle.Module,
        };

        var right = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\ndef f(s):\n    return chr(0xdfff) + s\n```", sandboxes.Context("surrogate-right"));
        var wrong = await new PythonFunctionVerifier().ScoreAsync(problem, "```python\ndef f(s):\n    return chr(0xdffe) + s\n```", sandboxes.Context("surrogate-wrong"));

        Assert.True(right.Value == 1.0, right + " " + right.Detail);
        Assert.Equal(Reasons.WrongAnswer, wrong.Reason);
    }

    [SkippableFact]
    public async Task ScoreAsync_StdioProgramPrintingSurrogateEscapes_ScoredWrongAnswer()
    {
        var problem = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12");
        const string program = "import sys\nsys.stdout.buffer.write(b'\\xed\\xa0\\x80\\xff\\xfe')\nraise ValueError('\\ud800')\n";

        var reward = await new StdioVerifier().ScoreAsync(problem, "```python\n" + program + "\n```", sandboxes.Context("surrogate-stdio"));

        Assert.True(reward.Outcome == Outcome.Scored, reward + " " + reward.Detail);
        Assert.Equal(0.0, reward.Value);
    }
}
