using System.Globalization;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Judging;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Python;

/// <summary>
/// Judges a Python function task. The SDK holds the test cases; the sandbox's runner calls the candidate on
/// each input in a fresh process (order shuffled by the sample's seed) and returns tagged builtin values; the
/// SDK compares them with Python's equality. Check code that is not plain equality replays over the recorded
/// outputs in a separate sandbox execution that never loads candidate code. Expected values never enter the
/// candidate's sandbox.
/// </summary>
public sealed class PythonFunctionVerifier : IVerifier<PythonFunctionProblem>
{
    private readonly CodeOptions options;
    private readonly PythonTestPlanner planner;

    /// <summary>Creates the verifier.</summary>
    /// <param name="options">Images, limits and reward style; <see cref="CodeOptions.Default"/> when <see langword="null"/>.</param>
    public PythonFunctionVerifier(CodeOptions? options = null)
    {
        this.options = options ?? CodeOptions.Default;
        planner = new PythonTestPlanner(this.options);
    }

    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(PythonFunctionProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(context);
        string? program = PythonProgram.Build(problem.PromptCode, problem.EntryPoint, completion.Text);
        if (program is null)
        {
            return Reward.Wrong(Reasons.EmptyCompletion, "The completion holds no code.");
        }

        var plan = problem.Cases is { Count: > 0 } cases
            ? DirectPlan(cases)
            : await planner.GetPlanAsync(problem, context.Sandboxes, context.CancellationToken).ConfigureAwait(false);
        if (plan.Error is not null)
        {
            return Reward.Unscorable(Reasons.BadReference, plan.Error);
        }

        return plan.IsCheckMode
            ? await ScoreCheckModeAsync(problem, program, plan, context).ConfigureAwait(false)
            : await ScoreCasesAsync(program, problem, plan, context).ConfigureAwait(false);
    }

    private async Task<Reward> ScoreCasesAsync(string program, PythonFunctionProblem problem, PythonTestPlan plan, ScoringContext context)
    {
        // A published test the reference fails is wrong; it is dropped and reported rather than failing everyone.
        var cases = plan.Cases.Where(c => c.ReferenceOk).ToList();
        if (cases.Count == 0)
        {
            return Reward.Unscorable(Reasons.NoTests, plan.WrongTests.Count > 0 ? "Every published test fails the reference." : "No tests.");
        }

        var tests = cases.Select((c, i) => (Id: "t" + i.ToString(CultureInfo.InvariantCulture), c.ArgsJson, c.ArgsAreSource)).ToList();

        // A slow reference gets room: three times its time in the planner plus a second, when above the default.
        long slowest = cases.Max(c => c.ReferenceMilliseconds);
        var timeLimit = TimeSpan.FromMilliseconds(Math.Max(options.TestTimeLimit.TotalMilliseconds, Math.Min(60_000, (3 * slowest) + 1000)));
        var budget = RunBudget.For(timeLimit, cases.Select(c => RunBudget.ForFunctionTest(c.ReferenceMilliseconds)), options);
        var (exec, output) = await RunCandidateAsync(program, problem, tests, timeLimit, budget, !options.PartialCredit, context).ConfigureAwait(false);
        using var disposeOutput = output;
        var verdicts = new List<TestVerdict>(cases.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            verdicts.Add(Judge(tests[i].Id, cases[i], exec, output));
        }

        // A task without generated tests can be passed by a table of its published asserts: say so.
        int extended = cases.Count(c => c.Extended);
        var reward = VerdictRewards.FromVerdicts(verdicts, options.PartialCredit).WithMetric("extended_tests", extended);
        if (extended == 0 && options.ExtendedTests > 0)
        {
            reward = reward.WithEvidence("no_extended_tests", "only published tests: no generated input kept (every mutation broke the reference, repeated a published input or had its nearest published answer)");
        }

        return plan.WrongTests.Count > 0 ? reward.WithEvidence("dropped_wrong_tests", plan.WrongTests) : reward;
    }

    private async Task<Reward> ScoreCheckModeAsync(PythonFunctionProblem problem, string program, PythonTestPlan plan, ScoringContext context)
    {
        if (!plan.ReferencePassed)
        {
            return Reward.Unscorable(Reasons.BadReference, "The reference fails the check code: " + plan.ReferenceError);
        }

        if (plan.CallsJson.Count == 0)
        {
            return Reward.Unscorable(Reasons.NoTests, "The check code never calls the candidate.");
        }

        var tests = plan.CallsJson.Select((a, i) => (Id: "k" + i.ToString(CultureInfo.InvariantCulture), ArgsJson: a, ArgsAreSource: false)).ToList();
        // Any failed call fails the check, so the first one ends the run.
        var budget = RunBudget.For(options.TestTimeLimit, tests.Select(_ => RunBudget.PerTestOverhead), options);
        var (exec, output) = await RunCandidateAsync(program, problem, tests, options.TestTimeLimit, budget, stopOnFailure: true, context).ConfigureAwait(false);
        using var disposeOutput = output;
        var verdicts = new List<TestVerdict>();
        var recorded = new List<(string ArgsJson, JsonElement Value)>();
        foreach (var (id, argsJson, _) in tests)
        {
            if (!output.Records.TryGetValue(id, out var record))
            {
                verdicts.Add(new TestVerdict(id, false, FailureReasons.ForMissing(exec), "no result"));
                continue;
            }

            string? status = RunnerOutput.GetString(record, "status");
            if (status == "ok" && record.TryGetProperty("value", out var value) && PyValueCodec.TryDecode(value, out _, out _))
            {
                recorded.Add((argsJson, value));
            }
            else
            {
                string? error = RunnerOutput.GetString(record, "error");
                verdicts.Add(new TestVerdict(id, false, FailureReasons.ForStatus(status, error, exec), $"{status}: {error}") { Milliseconds = RunnerOutput.GetLong(record, "ms") });
            }
        }

        if (verdicts.Count > 0)
        {
            // A failed call already fails the check; the check code is not run.
            var first = verdicts.FirstOrDefault(v => v.Reason != FailureReasons.NotRun) ?? verdicts[0];
            verdicts.Insert(0, new TestVerdict("check", false, first.Reason, "a candidate call failed"));
            return VerdictRewards.FromVerdicts(verdicts, partialCredit: false);
        }

        var (passed, error2) = await ReplayAsync(problem, recorded, context).ConfigureAwait(false);
        return VerdictRewards.FromVerdicts([new TestVerdict("check", passed, passed ? Reasons.Correct : Reasons.WrongAnswer, error2) { Source = "check(candidate) over recorded outputs" }], options.PartialCredit)
            .WithMetric("recorded_calls", recorded.Count);
    }

    private async Task<(bool Passed, string? Error)> ReplayAsync(PythonFunctionProblem problem, List<(string ArgsJson, JsonElement Value)> recorded, ScoringContext context)
    {
        byte[] stdin = SandboxJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("reference", PythonTestPlanner.ReferenceProgram(problem));
            w.WriteString("tests", problem.Tests);
            w.WriteString("style", problem.TestStyle == PythonTestStyle.Check ? "check" : "module");
            w.WriteString("entry_point", problem.EntryPoint);
            w.WriteNumber("seed", SandboxJson.StableSeed(problem.Id));
            w.WriteStartArray("outputs");
            foreach (var (args, value) in recorded)
            {
                w.WriteStartObject();
                w.WritePropertyName("args");
                w.WriteRawValue(args);
                w.WritePropertyName("value");
                value.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

        // A separate sandbox: the candidate's container (and anything it left behind) never sees the check code.
        var sandbox = await context.Sandboxes.AcquireAsync(Spec(), context.CancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var result = await sandbox.ExecAsync(
                new ExecRequest(["python3", "/opt/rlvr/replay.py"]) { Stdin = stdin, Timeout = TimeSpan.FromSeconds(90) },
                context.CancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(result.Stdout);
                var root = document.RootElement;
                bool passed = root.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
                return (passed, RunnerOutput.GetString(root, "error"));
            }
            catch (JsonException)
            {
                // The replay never runs candidate code, so an unreadable answer is the judge's failure.
                throw new SandboxException("judge_failed", $"The check replay produced no verdict (exit {result.ExitCode}): {result.StderrText}");
            }
        }
    }

    private async Task<(ExecResult Exec, RunnerOutput Output)> RunCandidateAsync(string program, PythonFunctionProblem problem, List<(string Id, string ArgsJson, bool ArgsAreSource)> tests, TimeSpan timeLimit, TimeSpan budget, bool stopOnFailure, ScoringContext context)
    {
        // Shuffled by the sample's seed: a candidate cannot count calls to find out which test it is in.
        var order = tests.ToArray();
        context.Random.Shuffle(order);
        byte[] stdin = SandboxJson.Write(w =>
        {
            w.WriteStartObject();
            // LeetCode style: a shim appended last calls the method of a fresh instance of the class.
            w.WriteString("code", problem.SolutionClass is null ? program : $"{program}\n\ndef __rlvr_entry__(*args):\n    return {problem.SolutionClass}().{problem.EntryPoint}(*args)\n");
            w.WriteString("entry_point", problem.SolutionClass is null ? problem.EntryPoint : "__rlvr_entry__");
            w.WriteString("setup", problem.SetupCode);
            w.WriteNumber("time_limit", timeLimit.TotalSeconds);
            w.WriteNumber("budget", budget.TotalSeconds);
            w.WriteBoolean("stop_on_failure", stopOnFailure);
            w.WriteNumber("memory_limit", options.MemoryBytes);
            w.WriteNumber("result_limit", options.ResultLimitBytes);
            w.WriteStartArray("tests");
            foreach (var (id, args, isSource) in order)
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WritePropertyName(isSource ? "args_src" : "args");
                w.WriteRawValue(args);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        var sandbox = await context.Sandboxes.AcquireAsync(Spec(), context.CancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var exec = await sandbox.ExecAsync(
                new ExecRequest(["python3", "/opt/rlvr/runner.py"])
                {
                    Stdin = stdin,
                    Timeout = RunBudget.ExecTimeout(budget, timeLimit),
                    OutputLimitBytes = 16 * 1024 * 1024,
                },
                context.CancellationToken).ConfigureAwait(false);
            var output = RunnerOutput.Parse(exec);
            if (!output.Usable(exec))
            {
                output.Dispose();

                // The header is written before any candidate code runs: without it the judge itself failed.
                throw new SandboxException("judge_failed", $"The runner did not start (exit {exec.ExitCode}, signal {exec.Signal}, timed out {exec.TimedOut}): {exec.StderrText}");
            }

            return (exec, output);
        }
    }

    private static PythonTestPlan DirectPlan(IReadOnlyList<PythonFunctionCase> cases) => new()
    {
        Cases = [.. cases.Select(c => new PythonTestCase(
            "given case",
            PyJson.ToTaggedList(c.Args),
            "eq",
            PyValueCodec.Decode(JsonDocument.Parse(PyJson.ToTagged(c.Expected)).RootElement)))],
        ReferencePassed = true,
    };

    private SandboxSpec Spec() => new(options.PythonImage) { MemoryBytes = options.MemoryBytes };

    private static TestVerdict Judge(string id, PythonTestCase test, ExecResult exec, RunnerOutput output)
    {
        if (!output.Records.TryGetValue(id, out var record))
        {
            return new TestVerdict(id, false, FailureReasons.ForMissing(exec), output.Done ? "no result" : "no result (the runner was stopped)", test.Extended) { Source = test.Source };
        }

        long? ms = RunnerOutput.GetLong(record, "ms");
        string? status = RunnerOutput.GetString(record, "status");
        if (status != "ok" || !record.TryGetProperty("value", out var valueJson))
        {
            string? error = RunnerOutput.GetString(record, "error");
            string why = status switch
            {
                "skipped" => "not run: an earlier test failed",
                "budget" => "not run: the run's time budget was spent",
                _ => $"{status}: {error}",
            };
            return new TestVerdict(id, false, FailureReasons.ForStatus(status, error, exec), why, test.Extended) { Milliseconds = ms, Source = test.Source };
        }

        if (!PyValueCodec.TryDecode(valueJson, out var actual, out string? decodeError))
        {
            return new TestVerdict(id, false, Reasons.WrongAnswer, "malformed value: " + decodeError, test.Extended) { Milliseconds = ms, Source = test.Source };
        }

        bool passed = Compare(test, actual);
        string detail = passed ? actual.ToRepr(120) : $"got {actual.ToRepr(200)}";
        return new TestVerdict(id, passed, passed ? Reasons.Correct : Reasons.WrongAnswer, detail, test.Extended) { Milliseconds = ms, Source = test.Source };
    }

    internal static bool Compare(PythonTestCase test, PyValue actual) => test.Kind switch
    {
        "eq" => test.Expected is not null && PyEquality.AreEqual(actual, test.Expected),
        "is" => test.Expected is not null && actual.Kind == test.Expected.Kind && PyEquality.AreEqual(actual, test.Expected),
        "truthy" => PyEquality.IsTruthy(actual),
        "falsy" => !PyEquality.IsTruthy(actual),
        "close" => test.Expected is not null && PyEquality.IsClose(actual, test.Expected, test.RelTol, test.AbsTol, test.Strict),
        _ => false,
    };
}
