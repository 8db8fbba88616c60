using Rlvr.Core.Testing;
using Rlvr.Environments.Code.CSharp;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests;

/// <summary>
/// The SDK's verifier test kit on every code environment through real sandboxes: canonical or hand-written
/// accepted solutions score 1; empty, echoed-prompt, listed-candidate, junk, NaN and judge-bait completions score 0; rewards repeat,
/// do not depend on the culture, and are the same when scored in parallel in shuffled order.
/// </summary>
public class VerifierTestKitTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private VerifierTestKitOptions Options => new()
    {
        Sandboxes = sandboxes.Provider,
        ItemTimeout = TimeSpan.FromMinutes(2),
        MaxDegreeOfParallelism = 2,
    };

    [SkippableFact]
    public Task HumanEval_IsSound()
    {
        var options = Options;
        var samples = FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).Take(2)
            .Select(p => new VerifierSample<PythonFunctionProblem>(p, p.Reference[p.PromptCode.Length..], "    return None\n"));
        return VerifierTestKit.AssertSoundAsync(new HumanEvalEnvironment(), samples, options);
    }

    [SkippableFact]
    public Task Mbpp_IsSound()
    {
        var options = Options;
        var samples = FunctionDatasets.ReadMbpp(TestPaths.Shared("mbpp.jsonl")).Take(2)
            .Select(p => new VerifierSample<PythonFunctionProblem>(
                p,
                "```python\n" + p.Reference + "\n```",
                $"```python\ndef {p.EntryPoint}(*args, **kwargs):\n    return None\n```"));
        return VerifierTestKit.AssertSoundAsync(new MbppEnvironment(), samples, options);
    }

    [SkippableFact]
    public Task Python_CallBased_IsSound()
    {
        // code/python with LiveCodeBench's call-based row (a class Solution method and JSON cases).
        var problem = FunctionDatasets.ReadLiveCodeBenchCallBased(TestPaths.Shared("livecodebench_sample.jsonl")).Single();
        const string accepted = "```python\nclass Solution:\n    def countSeniors(self, details: List[str]) -> int:\n        return sum(1 for d in details if int(d[11:13]) > 60)\n```";
        var samples = new[] { new VerifierSample<PythonFunctionProblem>(problem, accepted, accepted.Replace("> 60", ">= 60", StringComparison.Ordinal)) };
        return VerifierTestKit.AssertSoundAsync(new PythonFunctionEnvironment(), samples, Options);
    }

    [SkippableFact]
    public Task Stdio_IsSound()
    {
        var problems = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl"))
            .Concat(StdioDatasets.ReadLiveCodeBench(TestPaths.Shared("livecodebench_sample.jsonl")))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var samples = new[] { "code_contests/12", "atcoder/abc301_a" }.Select(id => new VerifierSample<StdioProblem>(
            problems[id],
            Fenced("python", TestPaths.StdioSolution(id, "accepted.py")),
            Fenced("python", TestPaths.StdioSolution(id, "wrong.py"))));
        return VerifierTestKit.AssertSoundAsync(new StdioEnvironment(), samples, Options);
    }

    [SkippableFact]
    public Task CSharp_IsSound()
    {
        var problem = StdioDatasets.ReadLiveCodeBench(TestPaths.Shared("livecodebench_sample.jsonl")).Single(p => p.Id == "codeforces/1873_A");
        var samples = new[]
        {
            new VerifierSample<StdioProblem>(
                problem,
                Fenced("csharp", TestPaths.StdioSolution(problem.Id, "accepted.cs")),
                Fenced("csharp", TestPaths.StdioSolution(problem.Id, "wrong.cs"))),
        };
        return VerifierTestKit.AssertSoundAsync(new CSharpEnvironment(), samples, Options);
    }

    private static string Fenced(string language, string code) => $"```{language}\n{code}\n```";
}
