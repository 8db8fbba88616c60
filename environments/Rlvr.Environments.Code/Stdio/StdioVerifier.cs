using System.Globalization;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Extraction;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Judging;

namespace Rlvr.Environments.Code.Stdio;

/// <summary>
/// Judges a stdin/stdout program: each test runs the program as a fresh process in a sandbox; its output comes
/// back and the SDK compares it (tokens, declared tolerance), or a checker does in a separate sandbox execution.
/// Exit status never means pass: a test passes only when its output was compared and matched.
/// </summary>
public sealed class StdioVerifier : IVerifier<StdioProblem>
{
    private const string BudgetSpent = "not run: the run's time budget was spent";
    private const string NotRunDetail = "not run: an earlier test failed";

    /// <summary>Largest C# source accepted, in characters.</summary>
    private const int MaxCSharpSourceChars = 256 * 1024;

    /// <summary>The runtime config written beside a compiled C# program in the sandbox (invariant globalisation).</summary>
    private static string RuntimeConfigJson =>
        "{\"runtimeOptions\":{\"tfm\":\"net" + Environment.Version.Major + ".0\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + Environment.Version.Major + "." + Environment.Version.Minor + ".0\"},\"configProperties\":{\"System.Globalization.Invariant\":true}}}";

    private readonly StdioLanguage language;
    private readonly CodeOptions options;

    /// <summary>Creates the verifier.</summary>
    /// <param name="language">The language of the candidate programs.</param>
    /// <param name="options">Images, limits and reward style; <see cref="CodeOptions.Default"/> when <see langword="null"/>.</param>
    public StdioVerifier(StdioLanguage language = StdioLanguage.Python, CodeOptions? options = null)
    {
        this.language = language;
        this.options = options ?? CodeOptions.Default;
    }

    /// <inheritdoc />
    public async ValueTask<Reward> ScoreAsync(StdioProblem problem, Completion completion, ScoringContext context)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        ArgumentNullException.ThrowIfNull(context);
        if (problem.Tests.Count == 0)
        {
            return Reward.Unscorable(Reasons.NoTests, "The problem has no tests.");
        }

        if (problem.NeedsJudge && problem.Checker is null && problem.Interactor is null)
        {
            return Reward.Unscorable("needs_judge", "The problem accepts several outputs or is interactive, and no checker is given.");
        }

        string? source = ExtractSource(completion.Text);
        if (source is null)
        {
            return Reward.Wrong(Reasons.EmptyCompletion, "The completion holds no code.");
        }

        var cancellationToken = context.CancellationToken;
        var tests = problem.Tests.Select((t, i) => (Id: "t" + i.ToString(CultureInfo.InvariantCulture), Test: t)).ToArray();
        context.Random.Shuffle(tests);
        double timeLimit = problem.TimeLimitSeconds ?? options.TestTimeLimit.TotalSeconds;
        var perTest = TimeSpan.FromSeconds(timeLimit);
        var budget = RunBudget.For(perTest, tests.Select(_ => RunBudget.ForStdioTest(perTest)), options);
        if (language == StdioLanguage.CSharp && source.Length > MaxCSharpSourceChars)
        {
            return Reward.Wrong(Reasons.CompileError, $"source longer than {MaxCSharpSourceChars} characters");
        }

        string image = language == StdioLanguage.CSharp ? options.DotnetImage : options.PythonImage;
        var verdicts = new Dictionary<string, TestVerdict>(StringComparer.Ordinal);
        var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec(image) { MemoryBytes = options.MemoryBytes }, cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            // The sample's large buffers, rented from the shared pool and kept for every batch: the runner's output
            // (when the sandbox takes a sink), the decoded output of the test being compared, the judge's request.
            // Each grows to the largest batch once, so no batch or test costs a fresh array of its output's size
            // (returning them to the pool between batches would not do: an array returned on one thread is not
            // always found by a rent on another).
            using var buffers = new BatchBuffers();
            // Tests run in batches of bounded output, one exec each in the same sandbox: the scorer holds one
            // batch's output at a time and keeps only verdicts (a bounded prefix of what was seen), so its memory
            // per sample does not grow with the number of tests.
            byte[]? assembly = null;
            var left = budget;
            string? stopped = null;
            foreach (var batch in Batches(tests))
            {
                if (stopped is not null)
                {
                    foreach (var (id, _) in batch)
                    {
                        verdicts[id] = NotRun(id, stopped);
                    }

                    continue;
                }

                bool compile = language == StdioLanguage.CSharp && assembly is null;
                using var stdin = Request(batch, timeLimit, left, w =>
                {
                    WriteInteractor(w, problem);
                    if (language == StdioLanguage.Python)
                    {
                        w.WriteString("language", "python");
                        w.WriteString("code", source);
                        return;
                    }

                    // Compiled inside the sandbox by the SDK's compiler: untrusted source never reaches Roslyn in
                    // this process. Later batches get the compiled assembly back (the runner returned it).
                    w.WriteString("runtime_config", RuntimeConfigJson);
                    if (compile)
                    {
                        w.WriteString("language", "csharp");
                        w.WriteString("code", source);
                        w.WriteNumber("compile_limit", options.CompileTimeLimit.TotalSeconds);
                        w.WriteBoolean("return_assembly", batch.Length < tests.Length);
                    }
                    else
                    {
                        w.WriteString("language", "dotnet");
                        w.WriteBase64String("assembly", assembly);
                    }
                });
                long outputBudget = (batch.Sum(t => (long)OutputCap(t.Test)) * 4 / 3) + (compile ? 12L << 20 : 0) + 65536;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                buffers.Stdout.Clear();
                var exec = await sandbox.ExecAsync(
                    new ExecRequest(["python3", "/opt/rlvr/stdio_runner.py"])
                    {
                        Stdin = stdin.WrittenMemory,
                        StdoutSink = buffers.Stdout,
                        Timeout = RunBudget.ExecTimeout(left, perTest) + (compile ? options.CompileTimeLimit : TimeSpan.Zero),
                        OutputLimitBytes = (int)Math.Min(256L * 1024 * 1024, outputBudget),
                    },
                    cancellationToken).ConfigureAwait(false);
                using var output = RunnerOutput.Parse(exec.Stdout.Length > 0 ? exec.Stdout : buffers.Stdout.WrittenMemory);
                if (!output.Usable(exec))
                {
                    throw new SandboxException("judge_failed", $"The stdio runner did not start (exit {exec.ExitCode}, signal {exec.Signal}, timed out {exec.TimedOut}): {exec.StderrText}");
                }

                if (compile)
                {
                    if (output.Compile is not { } compiled)
                    {
                        // The runner prints the compile record before any candidate code runs; the exec ended before that.
                        return Reward.Wrong(FailureReasons.ForMissing(exec), "the compilation did not finish");
                    }

                    string status = RunnerOutput.GetString(compiled, "status") ?? "error";
                    if (status != "ok")
                    {
                        string errors = compiled.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array
                            ? string.Join("\n", list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(LenientJson.GetString))
                            : status;
                        return Reward.Wrong(status == "timeout" ? Reasons.TimeLimit : Reasons.CompileError, errors)
                            .WithEvidence("compile", status);
                    }

                    assembly = TryDecodeBase64(RunnerOutput.GetString(compiled, "assembly")) ?? [];

                    // The tests' budget starts after the compilation (which has its own limit).
                    left += TimeSpan.FromMilliseconds(RunnerOutput.GetLong(compiled, "ms") ?? 0);
                }

                await JudgeBatchAsync(problem, batch, exec, output, verdicts, buffers, context).ConfigureAwait(false);

                // The budget pays for the tests (as the runner timed them), not for starting each batch's runner;
                // a batch whose records are missing (the runner was stopped) pays its whole wall time.
                long testMs = batch.Sum(t => output.Records.TryGetValue(t.Id, out var r) ? RunnerOutput.GetLong(r, "ms") ?? 0 : 0);
                left -= output.Done ? TimeSpan.FromMilliseconds(testMs) : System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (batch.Any(t => verdicts[t.Id].Reason == Reasons.TimeLimit && verdicts[t.Id].Detail == BudgetSpent) || left <= TimeSpan.FromMilliseconds(50))
                {
                    stopped = "budget";
                }
                else if (!options.PartialCredit && batch.Any(t => !verdicts[t.Id].Passed))
                {
                    // All-or-nothing: the verdict is certain.
                    stopped = "skipped";
                }
            }
        }

        var ordered = problem.Tests.Select((_, i) => verdicts["t" + i.ToString(CultureInfo.InvariantCulture)]).ToList();
        return VerdictRewards.FromVerdicts(ordered, options.PartialCredit);
    }

    /// <summary>Turns one batch's records into verdicts (through the checker or the interactor replay when the problem has one).</summary>
    private async Task JudgeBatchAsync(StdioProblem problem, (string Id, StdioTest Test)[] batch, ExecResult exec, RunnerOutput output, Dictionary<string, TestVerdict> verdicts, BatchBuffers buffers, ScoringContext context)
    {
        var transcripts = new List<(string Id, StdioTest Test, JsonElement Transcript)>();
        var decoder = buffers.Decoder;
        using var checkerRequest = problem.Checker is null ? null : new JudgeRequest(buffers.Request, "checker", problem.Checker);
        var toCheck = new List<(string Id, string Seen)>();
        foreach (var (id, test) in batch)
        {
            if (!output.Records.TryGetValue(id, out var record))
            {
                verdicts[id] = new TestVerdict(id, false, FailureReasons.ForMissing(exec), "no result");
                continue;
            }

            long? ms = RunnerOutput.GetLong(record, "ms");
            string? status = RunnerOutput.GetString(record, "status");
            if (problem.Interactor is not null && status == "interacted" && record.TryGetProperty("transcript", out var transcript))
            {
                transcripts.Add((id, test, transcript));
                continue;
            }

            if (status != "exited" || problem.Interactor is not null)
            {
                string reason = status switch
                {
                    "timeout" or "budget" => Reasons.TimeLimit,
                    "skipped" => FailureReasons.NotRun,
                    "output_limit" => Reasons.OutputLimit,
                    "crash" when exec.OomKilled || RunnerOutput.GetLong(record, "signal") == 9 => Reasons.MemoryLimit,
                    _ => Reasons.RuntimeError,
                };
                string detail = status switch
                {
                    "skipped" => NotRunDetail,
                    "budget" => BudgetSpent,
                    _ => $"{status} (exit {RunnerOutput.GetLong(record, "exit")}, signal {RunnerOutput.GetLong(record, "signal")})",
                };
                verdicts[id] = new TestVerdict(id, false, reason, detail) { Milliseconds = ms };
                continue;
            }

            if (!decoder.TryDecode(record, "stdout", out var actual))
            {
                verdicts[id] = new TestVerdict(id, false, Reasons.WrongAnswer, "malformed output record") { Milliseconds = ms };
                continue;
            }

            if (checkerRequest is not null)
            {
                // Written into the checker's request as it is decoded; only a short prefix is kept for the verdict.
                checkerRequest.Add(id, test.Input, actual, test.Output);
                toCheck.Add((id, Shorten(actual)));
                continue;
            }

            bool passed = OutputComparer.Matches(test.Output, actual, problem.Tolerance, problem.KeepLineStructure);
            verdicts[id] = new TestVerdict(id, passed, passed ? Reasons.Correct : Reasons.WrongAnswer, passed ? null : "got " + Shorten(actual)) { Milliseconds = ms };
        }

        if (toCheck.Count > 0 && checkerRequest is not null)
        {
            var results = await JudgeAsync("checker.py", checkerRequest.Finish(), context).ConfigureAwait(false);
            foreach (var (id, seen) in toCheck)
            {
                bool passed = results.TryGetValue(id, out var r) && r.Passed;
                verdicts[id] = new TestVerdict(id, passed, passed ? Reasons.Correct : Reasons.WrongAnswer, passed ? null : (r.Error ?? "checker rejected: " + seen));
            }
        }

        if (transcripts.Count > 0 && problem.Interactor is not null)
        {
            using var interactorRequest = new JudgeRequest(buffers.Request, "interactor", problem.Interactor);
            foreach (var (id, test, transcript) in transcripts)
            {
                interactorRequest.Add(id, test.Input, transcript);
            }

            var results = await JudgeAsync("interactor_replay.py", interactorRequest.Finish(), context).ConfigureAwait(false);
            foreach (var (id, _, _) in transcripts)
            {
                bool passed = results.TryGetValue(id, out var r) && r.Passed;
                verdicts[id] = new TestVerdict(id, passed, passed ? Reasons.Correct : Reasons.WrongAnswer, passed ? null : (r.Error ?? "the interactor rejected the interaction"));
            }
        }
    }

    private static TestVerdict NotRun(string id, string stopped) => stopped == "budget"
        ? new TestVerdict(id, false, Reasons.TimeLimit, BudgetSpent)
        : new TestVerdict(id, false, FailureReasons.NotRun, NotRunDetail);

    /// <summary>Batches of tests whose output caps add up to at most <see cref="CodeOptions.BatchOutputBytes"/> (at least one test each).</summary>
    private IEnumerable<(string Id, StdioTest Test)[]> Batches((string Id, StdioTest Test)[] tests)
    {
        var batch = new List<(string Id, StdioTest Test)>();
        long size = 0;
        foreach (var test in tests)
        {
            long cap = OutputCap(test.Test) + test.Test.Input.Length;
            if (batch.Count > 0 && size + cap > options.BatchOutputBytes)
            {
                yield return [.. batch];
                batch.Clear();
                size = 0;
            }

            batch.Add(test);
            size += cap;
        }

        if (batch.Count > 0)
        {
            yield return [.. batch];
        }
    }

    private static byte[]? TryDecodeBase64(string? base64)
    {
        try
        {
            return base64 is null ? null : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string? ExtractSource(string text)
    {
        string stripped = AnswerExtractor.StripThinking(text);
        if (string.IsNullOrWhiteSpace(stripped))
        {
            return null;
        }

        string[] languages = language == StdioLanguage.CSharp ? ["csharp", "cs", "c#", string.Empty] : ["python", "py", "python3", string.Empty];
        var blocks = AnswerExtractor.FindFencedBlocks(stripped).Where(b => languages.Contains(b.Language.ToLowerInvariant())).ToList();
        return blocks.Count > 0 ? blocks[^1].Code + "\n" : stripped;
    }

    private int OutputCap(StdioTest test) => Math.Max(options.ResultLimitBytes, (test.Output.Length * 4) + 1024);

    private PooledBufferWriter Request((string Id, StdioTest Test)[] tests, double timeLimit, TimeSpan budget, Action<Utf8JsonWriter> program) => SandboxJson.WritePooled(w =>
    {
        w.WriteStartObject();
        program(w);
        w.WriteNumber("time_limit", timeLimit);
        w.WriteNumber("budget", budget.TotalSeconds);
        w.WriteBoolean("stop_on_failure", !options.PartialCredit);
        w.WriteStartArray("tests");
        foreach (var (id, test) in tests)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("input", test.Input);
            w.WriteNumber("output_limit", OutputCap(test));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteInteractor(Utf8JsonWriter w, StdioProblem problem)
    {
        if (problem.Interactor is not null)
        {
            w.WriteString("interactor", problem.Interactor);
        }
    }

    private async Task<Dictionary<string, (bool Passed, string? Error)>> JudgeAsync(string script, ReadOnlyMemory<byte> stdin, ScoringContext context)
    {
        // Its own sandbox: the expected answers never enter the container the candidate ran in.
        var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec(options.PythonImage) { MemoryBytes = options.MemoryBytes }, context.CancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var exec = await sandbox.ExecAsync(
                new ExecRequest(["python3", "/opt/rlvr/" + script]) { Stdin = stdin, Timeout = TimeSpan.FromSeconds(120), OutputLimitBytes = 4 * 1024 * 1024 },
                context.CancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(exec.Stdout);
                var results = new Dictionary<string, (bool, string?)>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.GetProperty("results").EnumerateObject())
                {
                    bool passed = property.Value.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
                    results[property.Name] = (passed, RunnerOutput.GetString(property.Value, "error"));
                }

                return results;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // The checker host runs trusted problem code only: no verdict is the judge's failure, not the candidate's.
                throw new SandboxException("judge_failed", $"The checker produced no verdict (exit {exec.ExitCode}): {exec.StderrText}");
            }
        }
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length <= 200 ? text.ToString() : string.Concat(text[..200], "...");

    /// <summary>A sample's reusable buffers for judging its batches.</summary>
    private sealed class BatchBuffers : IDisposable
    {
        public PooledBufferWriter Stdout { get; } = new();

        public OutputDecoder Decoder { get; } = new();

        public PooledBufferWriter Request { get; } = new();

        public void Dispose()
        {
            Stdout.Dispose();
            Decoder.Dispose();
            Request.Dispose();
        }
    }
}
