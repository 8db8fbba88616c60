using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Rlvr.Core.Sandboxing;
using Rlvr.Environments.Code.Judging;
using Rlvr.Environments.Code.Values;

namespace Rlvr.Environments.Code.Python;

/// <summary>
/// Turns a task's asserts into test cases by running the planner script (trusted task code only: the reference
/// and the tests, never a candidate) in its own sandbox execution. Plans are cached per task content, so the
/// reference runs once per task, not once per sample.
/// </summary>
internal sealed class PythonTestPlanner(CodeOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<PythonTestPlan>>> cache = new(StringComparer.Ordinal);

    public async Task<PythonTestPlan> GetPlanAsync(PythonFunctionProblem problem, ISandboxProvider sandboxes, CancellationToken cancellationToken)
    {
        string key = SandboxJson.Sha256(problem.Reference, problem.SetupCode, problem.Tests, problem.TestStyle.ToString(), problem.EntryPoint, problem.Id, options.ExtendedTests.ToString(CultureInfo.InvariantCulture));
        var lazy = cache.GetOrAdd(key, _ => new Lazy<Task<PythonTestPlan>>(() => PlanAsync(problem, sandboxes, cancellationToken)));
        try
        {
            return await lazy.Value.ConfigureAwait(false);
        }
        catch
        {
            // Infrastructure failures and cancellations are not cached: the next sample plans again.
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<PythonTestPlan>>>(key, lazy));
            throw;
        }
    }

    internal static PythonTestPlan ParsePlan(string json)
    {
        using var document = JsonDocument.Parse(json, LenientJson.DocumentOptions);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return new PythonTestPlan { Error = RunnerOutput.GetString(root, "error") ?? error.GetRawText() };
        }

        bool checkMode = RunnerOutput.GetString(root, "mode") == "check";
        var cases = new List<PythonTestCase>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string kind = RunnerOutput.GetString(c, "kind") ?? "eq";
            PyValue? expected = c.TryGetProperty("expected", out var e) ? PyValueCodec.Decode(e) : null;
            bool isSource = !c.TryGetProperty("args", out var args);
            cases.Add(new PythonTestCase(
                RunnerOutput.GetString(c, "source") ?? string.Empty,
                isSource ? c.GetProperty("args_src").GetRawText() : args.GetRawText(),
                kind,
                expected)
            {
                ArgsAreSource = isSource,
                ReferenceMilliseconds = RunnerOutput.GetLong(c, "ref_ms") ?? 0,
                RelTol = c.TryGetProperty("rel", out var rel) ? rel.GetDouble() : null,
                AbsTol = c.TryGetProperty("abs", out var abs) ? abs.GetDouble() : null,
                Strict = c.TryGetProperty("strict", out var strict) && strict.ValueKind == JsonValueKind.True,
                Extended = c.TryGetProperty("extended", out var ext) && ext.ValueKind == JsonValueKind.True,
                ReferenceOk = !c.TryGetProperty("reference_ok", out var ok) || ok.ValueKind == JsonValueKind.True,
            });
        }

        return new PythonTestPlan
        {
            IsCheckMode = checkMode,
            Cases = cases,
            CallsJson = [.. root.GetProperty("calls").EnumerateArray().Select(a => a.GetRawText())],
            ReferencePassed = root.TryGetProperty("reference_passed", out var passed) && passed.ValueKind == JsonValueKind.True,
            ReferenceError = RunnerOutput.GetString(root, "reference_error"),
            WrongTests = root.TryGetProperty("wrong", out var wrong) ? [.. wrong.EnumerateArray().Select(w => w.ValueKind == JsonValueKind.String ? LenientJson.GetString(w) : w.GetRawText())] : [],
        };
    }

    // MBPP's setup code builds fixtures from classes the solution defines, so it runs after the reference.
    internal static string ReferenceProgram(PythonFunctionProblem problem) =>
        problem.SetupCode.Length == 0 ? problem.Reference : problem.Reference + "\n" + problem.SetupCode;

    private async Task<PythonTestPlan> PlanAsync(PythonFunctionProblem problem, ISandboxProvider sandboxes, CancellationToken cancellationToken)
    {
        byte[] stdin = SandboxJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("reference", ReferenceProgram(problem));
            w.WriteString("tests", problem.Tests);
            w.WriteString("style", problem.TestStyle == PythonTestStyle.Check ? "check" : "module");
            w.WriteString("entry_point", problem.EntryPoint);
            w.WriteNumber("seed", SandboxJson.StableSeed(problem.Id));
            w.WriteNumber("extended", options.ExtendedTests);
            w.WriteEndObject();
        });
        var sandbox = await sandboxes.AcquireAsync(new SandboxSpec(options.PythonImage) { MemoryBytes = options.MemoryBytes }, cancellationToken).ConfigureAwait(false);
        await using (sandbox.ConfigureAwait(false))
        {
            var result = await sandbox.ExecAsync(
                new ExecRequest(["python3", "/opt/rlvr/planner.py"])
                {
                    Stdin = stdin,
                    Timeout = TimeSpan.FromSeconds(120),
                    OutputLimitBytes = 64 * 1024 * 1024,
                },
                cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0 || result.StdoutTruncated)
            {
                string why = result.TimedOut ? "timed out" : result.StdoutTruncated ? "output too large" : $"exit {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "signal"}";
                return new PythonTestPlan { Error = $"planner failed ({why}): {Tail(result.StderrText)}" };
            }

            try
            {
                return ParsePlan(result.StdoutText);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
            {
                return new PythonTestPlan { Error = "planner output unreadable: " + ex.Message };
            }
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text : text[^600..];
}
