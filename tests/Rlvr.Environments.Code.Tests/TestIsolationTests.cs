using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests;

/// <summary>
/// No test sees files an earlier test of the same sample wrote (in /tmp, /dev/shm or the working directory):
/// a program cannot carry a cache or a counter from one test to the next. Each program below answers right
/// only when it finds no such state, so it scores 1 only if every test starts clean.
/// </summary>
public class TestIsolationTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private const string StatefulPrelude = """
        import os, sys
        _marks = ['/tmp/rlvr-state', '/dev/shm/rlvr-state', os.path.join(os.getcwd(), 'rlvr-state'), '/tmp/deep/er/rlvr-state']
        if any(os.path.exists(m) for m in _marks):
            print('stale state from an earlier test')
            sys.exit(0)
        os.makedirs('/tmp/deep/er', exist_ok=True)
        for _m in _marks:
            open(_m, 'w').close()
        os.chmod('/tmp/deep', 0)
        """;

    [SkippableFact]
    public async Task Stdio_ProgramLeavingFiles_EachTestStartsClean()
    {
        var problem = StdioDatasets.ReadCodeContests(TestPaths.Shared("code_contests_sample.jsonl")).Single(p => p.Id == "code_contests/12");
        string program = StatefulPrelude + "\n" + TestPaths.StdioSolution(problem.Id, "accepted.py");
        Assert.True(problem.Tests.Count > 1);

        var reward = await new StdioVerifier().ScoreAsync(problem, "```python\n" + program + "\n```", sandboxes.Context("isolation-stdio"));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableFact]
    public async Task Function_ProgramLeavingFiles_EachTestStartsClean()
    {
        var problem = FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).Single(p => p.Id == "HumanEval/0");
        string body = """
                import os
                marks = ['/tmp/rlvr-state', '/dev/shm/rlvr-state', os.path.join(os.getcwd(), 'rlvr-state')]
                if any(os.path.exists(m) for m in marks):
                    return not any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
                for m in marks:
                    open(m, 'w').close()
                return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])
            """;

        var reward = await new PythonFunctionVerifier().ScoreAsync(problem, body, sandboxes.Context("isolation-function"));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }
}
