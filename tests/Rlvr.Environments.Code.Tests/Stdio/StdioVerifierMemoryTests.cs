using System.Globalization;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Stdio;
using Rlvr.Environments.Code.Tests.Support;

namespace Rlvr.Environments.Code.Tests.Stdio;

/// <summary>
/// What the scorer allocates to judge a stdin/stdout sample whose program prints about 1 MiB per test, measured
/// offline: a sandbox stand-in answers every runner execution with the records a real runner would print (each
/// test's output base64 in its record), so the figure is the scorer's own (parsing records, decoding outputs,
/// comparing, building the checker's request), without the sandbox's buffers. The bound per test must not grow with
/// the number of tests, and is far below the output's size: the output is decoded into pooled buffers, never into
/// a string or array of its own.
/// </summary>
public class StdioVerifierMemoryTests
{
    /// <summary>About 1 MiB of program output: many short lines of tokens, so the comparison walks all of it.</summary>
    private static readonly string BigOutput = string.Concat(Enumerable.Repeat("0123456789 abcdefghij -42 3.25 klmnopqrstuvwxyz\n", (1 << 20) / 48));

    private static readonly string BigOutputBase64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(BigOutput));

    /// <summary>
    /// Bytes the scorer may allocate per test beyond a fixed cost per sample (the output is 1 MiB per test). Measured
    /// about 2-3 KiB (verdicts, the record documents, a 200-character prefix); before pooled decoding it was 15-24 MiB.
    /// </summary>
    private const long BoundPerTestBytes = 64 * 1024;

    [Fact]
    public void ScoreAsync_MegabyteOutputPerTest_AllocationPerTestBoundedIndependentOfTestCount()
    {
        Measure(8, checker: false); // warms the JIT and the pools

        long small = Measure(16, checker: false);
        long large = Measure(64, checker: false);

        long perTest = (large - small) / 48;
        Assert.True(perTest <= BoundPerTestBytes, $"{perTest} bytes allocated per extra test of 1 MiB output (16 tests: {small}, 64 tests: {large})");
        Assert.True(large <= 64 * BoundPerTestBytes, $"{large} bytes allocated for 64 tests of 1 MiB output");
    }

    [Fact]
    public void ScoreAsync_MegabyteOutputPerTestWithChecker_AllocationPerTestBoundedIndependentOfTestCount()
    {
        Measure(8, checker: true);

        long small = Measure(16, checker: true);
        long large = Measure(64, checker: true);

        long perTest = (large - small) / 48;
        Assert.True(perTest <= BoundPerTestBytes, $"{perTest} bytes allocated per extra test of 1 MiB output with a checker (16 tests: {small}, 64 tests: {large})");
    }

    /// <summary>Bytes allocated on this thread by scoring one sample of <paramref name="tests"/> tests, the stand-in's own excluded.</summary>
    private static long Measure(int tests, bool checker)
    {
        var problem = new StdioProblem
        {
            Id = "flood",
            Prompt = "p",
            Tests = [.. Enumerable.Range(0, tests).Select(i => new StdioTest(i.ToString(CultureInfo.InvariantCulture) + "\n", BigOutput))],
            Checker = checker ? "def check(input, output, answer):\n    return output == answer\n" : null,
        };
        long standIn = 0;
        int checkedCases = 0;
        var provider = new FrameSandboxProvider(request =>
        {
            long start = GC.GetAllocatedBytesForCurrentThread();
            var result = request.Argv[^1].EndsWith("checker.py", StringComparison.Ordinal) ? CheckerAnswer(request, ref checkedCases) : RunnerAnswer(request);
            standIn += GC.GetAllocatedBytesForCurrentThread() - start;
            return result;
        });
        var verifier = new StdioVerifier(StdioLanguage.Python, new CodeOptions { PartialCredit = true });
        var context = new ScoringContext("flood-" + tests, sandboxes: provider);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var scoring = verifier.ScoreAsync(problem, "```python\nprint(1)\n```", context);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before - standIn;

        // Synchronous with this stand-in, so every allocation of the scoring happened on this thread and was counted.
        Assert.True(scoring.IsCompleted);
        var reward = scoring.Result;
        Assert.True(reward.Value == 1.0, reward + " " + reward.Detail);
        Assert.Equal(checker ? tests : 0, checkedCases);
        return allocated;
    }

    /// <summary>What the stdio runner prints for a batch whose every test printed <see cref="BigOutput"/>.</summary>
    private static ExecResult RunnerAnswer(ExecRequest request)
    {
        using var stdin = JsonDocument.Parse(request.Stdin);
        var text = new StringBuilder("{\"runner\": \"stdio\"}\n");
        foreach (var test in stdin.RootElement.GetProperty("tests").EnumerateArray())
        {
            text.Append("{\"id\": \"").Append(test.GetProperty("id").GetString()).Append("\", \"status\": \"exited\", \"exit\": 0, \"ms\": 1, \"stdout\": \"")
                .Append(BigOutputBase64).Append("\"}\n");
        }

        text.Append("{\"done\": true}\n");
        return new ExecResult { ExitCode = 0, Stdout = Encoding.UTF8.GetBytes(text.ToString()) };
    }

    /// <summary>What the checker host prints: every case passes when its output arrived intact.</summary>
    private static ExecResult CheckerAnswer(ExecRequest request, ref int checkedCases)
    {
        using var stdin = JsonDocument.Parse(request.Stdin);
        var results = new Dictionary<string, object>();
        foreach (var c in stdin.RootElement.GetProperty("cases").EnumerateArray())
        {
            bool intact = c.GetProperty("output").ValueEquals(BigOutput) && c.GetProperty("answer").ValueEquals(BigOutput);
            results[c.GetProperty("id").GetString()!] = new { passed = intact };
            checkedCases++;
        }

        return new ExecResult { ExitCode = 0, Stdout = JsonSerializer.SerializeToUtf8Bytes(new { results }) };
    }
}
