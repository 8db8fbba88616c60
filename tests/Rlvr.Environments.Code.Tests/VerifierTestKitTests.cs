using Rlvr.Core.Testing;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests;

/// <summary>
/// The SDK's verifier test kit on the Python function environments through real sandboxes: canonical solutions
/// score 1; empty, echoed-prompt, listed-candidate, junk, NaN and judge-bait completions score 0; rewards repeat,
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
}
