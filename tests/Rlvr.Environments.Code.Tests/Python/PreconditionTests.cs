using Rlvr.Core;
using Rlvr.Environments.Code.Data;
using Rlvr.Environments.Code.Python;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Python;

/// <summary>
/// Correct solutions that rely on a precondition the task states (and the reference does not check) score 1:
/// generated inputs keep the properties every published input shares (positive, sorted, distinct, non-empty...).
/// Before, HumanEval/39 was asked for prime_fib(0) (the reference returns 1) and HumanEval/127 for reversed
/// intervals, so these solutions lost generated tests.
/// </summary>
public class PreconditionTests(SandboxFixture sandboxes) : IClassFixture<SandboxFixture>
{
    private static readonly Lazy<Dictionary<string, PythonFunctionProblem>> Problems = new(() =>
        FunctionDatasets.ReadHumanEval(TestPaths.Shared("HumanEval.jsonl.gz")).ToDictionary(p => p.Id, StringComparer.Ordinal));

    // "prime_fib returns n-th number that is a Fibonacci number and it's also prime": n >= 1.
    private const string PrimeFibByIndex = """
            found = []
            a, b = 0, 1
            while len(found) < n:
                a, b = b, a + b
                if a > 1 and all(a % k for k in range(2, int(a ** 0.5) + 1)):
                    found.append(a)
            return found[n - 1]
        """;

    // "It is assumed that its start is less or equal its end": this one sorts each interval anyway.
    private const string IntersectionOfSortedIntervals = """
            a1, b1 = sorted(interval1)
            a2, b2 = sorted(interval2)
            length = min(b1, b2) - max(a1, a2)
            if length < 2:
                return "NO"
            return "YES" if all(length % k for k in range(2, int(length ** 0.5) + 1)) else "NO"
        """;

    // "Given a positive floating point number ... return the decimal part": int() truncates toward zero, which is
    // the floor only for the positive numbers the task allows. Before the float domain rule, generated negative
    // floats failed this spec-correct solution.
    private const string TruncateByInt = "    return number - int(number)\n";

    [SkippableTheory]
    [InlineData("HumanEval/39", PrimeFibByIndex)]
    [InlineData("HumanEval/127", IntersectionOfSortedIntervals)]
    [InlineData("HumanEval/2", TruncateByInt)]
    public async Task ScoreAsync_CorrectSolutionRelyingOnStatedPrecondition_ScoresOne(string id, string body)
    {
        var reward = await new PythonFunctionVerifier().ScoreAsync(Problems.Value[id], body, sandboxes.Context(id));

        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
    }

    [SkippableFact]
    public async Task ScoreAsync_SameSolutionWrongInsideTheDomain_ScoresZero()
    {
        // The generated tests still bite inside the domain: off by one on the index.
        string wrong = PrimeFibByIndex.Replace("found[n - 1]", "found[n - 1] if n < 6 else found[n - 2]", StringComparison.Ordinal);

        var reward = await new PythonFunctionVerifier().ScoreAsync(Problems.Value["HumanEval/39"], wrong, sandboxes.Context("he39-wrong"));

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(0.0, reward.Value);
    }
}
