using Rlvr.Core;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Stdio;

/// <summary>An interactive problem (guess a number in 1..100 with at most 7 questions) judged through the interactor and its replay.</summary>
public class InteractiveTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private const string Interactor = """
        def interact(input, send, receive):
            secret = int(input.split()[0])
            for _ in range(8):
                line = receive()
                if line is None:
                    return False
                parts = line.split()
                if len(parts) == 2 and parts[0] == "!":
                    return int(parts[1]) == secret
                if len(parts) != 2 or parts[0] != "?":
                    return False
                q = int(parts[1])
                send("<" if secret < q else ">" if secret > q else "=")
            return False
        """;

    private const string BinarySearch = """
        lo, hi = 1, 100
        while lo < hi:
            mid = (lo + hi) // 2
            print("?", mid, flush=True)
            r = input().strip()
            if r == "=":
                lo = hi = mid
            elif r == "<":
                hi = mid - 1
            else:
                lo = mid + 1
        print("!", lo, flush=True)
        """;

    private static readonly StdioProblem Problem = new()
    {
        Id = "guess",
        Prompt = "Guess the number in 1..100: ask `? x`, read `<`, `>` or `=`; answer `! x`. At most 7 questions.",
        Tests = [new StdioTest("42\n", string.Empty), new StdioTest("7\n", string.Empty), new StdioTest("99\n", string.Empty), new StdioTest("1\n", string.Empty)],
        Interactor = Interactor,
        NeedsJudge = true,
        TimeLimitSeconds = 3,
    };

    [SkippableFact]
    public async Task ScoreAsync_BinarySearch_ScoresOne()
    {
        var reward = await new StdioVerifier().ScoreAsync(Problem, "```python\n" + BinarySearch + "\n```", sandboxes.Context("guess-ok"));
        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableTheory]
    [InlineData("for i in range(1, 101):\n    print('?', i, flush=True)\n    if input().strip() == '=':\n        print('!', i, flush=True)\n        break\n", Reasons.WrongAnswer)]
    [InlineData("print('! 42', flush=True)\n", Reasons.WrongAnswer)]
    [InlineData("import os\nsecret = open('/proc/%d/mem' % os.getppid(), 'rb').read(1)\n", Reasons.WrongAnswer)]
    [InlineData("print('? 50', flush=True)\nwhile True:\n    pass\n", Reasons.TimeLimit)]
    [InlineData("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n", Reasons.RuntimeError)]
    public async Task ScoreAsync_BadInteraction_ScoresZero(string program, string reason)
    {
        var reward = await new StdioVerifier().ScoreAsync(Problem, "```python\n" + program + "\n```", sandboxes.Context("guess-bad"));
        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
        Assert.Equal(reason, reward.Reason);
    }
}
