using System.Globalization;
using System.Text;
using System.Text.Json;
using Rlvr.Core;
using Rlvr.Core.Episodes;
using Rlvr.Environments.Code.Python;

namespace Rlvr.Environments.Code.Agent;

/// <summary>
/// One <c>code/agent</c> episode: <c>run_tests(code)</c> judges the code on the public tests (a sandbox per run, as
/// <c>code/python</c> does) and answers each test's result; <c>submit(code)</c> judges it on every test and ends the
/// episode with that reward. The step's evidence records which public tests passed; the first run that passes them
/// all is marked <see cref="StepInfo.SuccessCertain"/>.
/// </summary>
public sealed class CodeAgentEpisode : Episode
{
    /// <summary>The tool that runs the public tests.</summary>
    public const string RunTool = "run_tests";

    /// <summary>The tool that submits.</summary>
    public const string SubmitTool = "submit";

    /// <summary>Steps allowed before truncation.</summary>
    public const int StepLimit = 10;

    private static readonly IReadOnlyList<ToolDefinition> ToolList =
    [
        ToolDefinition.Create(RunTool, "Runs your Python code against the public tests in a sandbox and reports each test's result.", """{"type":"object","properties":{"code":{"type":"string","description":"A complete Python program defining the function."}},"required":["code"],"additionalProperties":false}"""),
        ToolDefinition.Create(SubmitTool, "Submits your final code; ends the episode. Public and hidden tests decide.", """{"type":"object","properties":{"code":{"type":"string"}},"required":["code"],"additionalProperties":false}"""),
    ];

    private readonly CodeAgentEnvironment environment;
    private readonly CodeAgentProblem problem;
    private readonly ScoringContext context;
    private readonly PythonFunctionVerifier publicJudge;

    /// <summary>Creates an episode.</summary>
    /// <param name="environment">The environment (its rubric judges submissions).</param>
    /// <param name="problem">The task.</param>
    /// <param name="context">Sandboxes, clock and logger.</param>
    /// <param name="options">Images and limits.</param>
    public CodeAgentEpisode(CodeAgentEnvironment environment, CodeAgentProblem problem, ScoringContext context, CodeOptions options)
        : base(StepLimit)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.environment = environment ?? throw new ArgumentNullException(nameof(environment));
        this.problem = problem ?? throw new ArgumentNullException(nameof(problem));
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        publicJudge = new PythonFunctionVerifier(options with { PartialCredit = true });
    }

    /// <inheritdoc />
    public override IReadOnlyList<ToolDefinition> Tools => ToolList;

    /// <summary>The <c>code</c> argument of a call, or <see langword="null"/> when the arguments have none.</summary>
    /// <param name="argumentsJson">The call's arguments.</param>
    public static string? ReadCode(string argumentsJson)
    {
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    protected override ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Observation(environment.RenderPrompt(problem)));

    /// <inheritdoc />
    protected override async ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
    {
        var call = action.ToolCall;
        string? code = call is null ? null : ReadCode(call.ArgumentsJson);
        StepResult result;
        if (call?.Name == SubmitTool && code is not null)
        {
            var reward = await environment.Rubric.ScoreAsync(problem, Completion.FromText(code), context).ConfigureAwait(false);
            string said = reward.IsScored && reward.Value >= 1 ? "Submitted: every test passed." : $"Submitted: not accepted ({reward.Reason}).";
            result = new StepResult(new Observation(said, call.Id), reward, Terminated: true, Truncated: false);
        }
        else if (call?.Name == RunTool && code is not null)
        {
            var report = await publicJudge.ScoreAsync(problem.PublicProblem(), Completion.FromText(code), context).ConfigureAwait(false);
            result = RunResult(report, call.Id);
        }
        else
        {
            string said = call is null
                ? "Use run_tests to try your code and submit to answer."
                : call.Name is RunTool or SubmitTool
                    ? $"Invalid arguments for {call.Name}: expected a JSON object with a string 'code'."
                    : $"Unknown tool '{call.Name}'. Tools: {RunTool}, {SubmitTool}.";
            result = new StepResult(new Observation(said, call?.Id), null, Terminated: false, Truncated: false);
        }

        return !result.Terminated && StepCount >= MaxSteps
            ? result with { Reward = Reward.Wrong(CodeAgentReasons.StepLimit, "The episode used its steps without a submission.") }
            : result;
    }

    private StepResult RunResult(Reward report, string callId)
    {
        var tests = report.Evidence.TryGetValue("tests", out var value) && value is IEnumerable<Dictionary<string, object?>> list ? list.ToList() : [];
        int passed = tests.Count(t => t.TryGetValue("passed", out var p) && p is true);
        var text = new StringBuilder();
        if (tests.Count == 0)
        {
            // No per-test verdicts: the code could not be judged at all (no code, or the judge refused it).
            text.Append(CultureInfo.InvariantCulture, $"Not run: {report.Reason}{(report.Detail is null ? string.Empty : ": " + report.Detail)}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Public tests: {passed}/{tests.Count} passed.");
            for (int i = 0; i < tests.Count; i++)
            {
                var t = tests[i];
                bool ok = t.TryGetValue("passed", out var p) && p is true;
                string args = string.Join(", ", problem.PublicTests[Math.Min(i, problem.PublicTests.Count - 1)].Args.Select(a => a.GetRawText()));
                text.Append(CultureInfo.InvariantCulture, $"\n  {problem.EntryPoint}({args}): {(ok ? "passed" : $"FAILED ({t.GetValueOrDefault("reason")}) {t.GetValueOrDefault("detail")}")}");
            }
        }

        return new StepResult(new Observation(text.ToString(), callId), null, Terminated: false, Truncated: false)
        {
            Info = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["public_passed"] = passed,
                ["public_total"] = problem.PublicTests.Count,
                ["public_tests"] = tests.Select(t => new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = t.GetValueOrDefault("id"), ["passed"] = t.GetValueOrDefault("passed") }).ToList(),
                [StepInfo.SuccessCertain] = tests.Count > 0 && passed == problem.PublicTests.Count,
            },
        };
    }
}
