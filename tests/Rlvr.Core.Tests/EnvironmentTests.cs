using Rlvr.Core.Episodes;

namespace Rlvr.Core.Tests;

public class EnvironmentTests
{
    [Fact]
    public void Registry_FindsEnvironmentsByName_InAssembly()
    {
        var registry = new EnvironmentRegistry().AddAssembly(typeof(QaEnvironment).Assembly);

        Assert.True(registry.TryGet("test/qa", out var env));
        Assert.IsType<QaEnvironment>(env);
        Assert.Equal(["q1", "q2", "q3"], env.ProblemIds);
        Assert.DoesNotContain(registry.All, e => e is DelegateEnvironment); // no parameterless constructor
    }

    [Fact]
    public void Registry_UnknownName_MessageListsKnown()
    {
        var registry = new EnvironmentRegistry().Add(new QaEnvironment());
        var ex = Assert.Throws<KeyNotFoundException>(() => registry.Get("nope"));
        Assert.Contains("test/qa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLoadedAssemblies_IncludesLoadedTestEnvironment()
    {
        _ = new QaEnvironment();
        Assert.True(EnvironmentRegistry.FromLoadedAssemblies().TryGet("test/qa", out _));
    }

    [Fact]
    public void FromLoadedAssemblies_LoadsEnvironmentDllDroppedBesideTheApp_NotInDepsJson()
    {
        // The build copies Rlvr.Environments.TestDrop.dll here without referencing it (see the project file).
        string dropped = Path.Combine(AppContext.BaseDirectory, "Rlvr.Environments.TestDrop.dll");
        Assert.True(File.Exists(dropped), "the build copies the test drop assembly beside the tests");

        var registry = EnvironmentRegistry.FromLoadedAssemblies();

        Assert.True(registry.TryGet("test/dropped", out var env), string.Join(", ", registry.All.Select(e => e.Name)));
        Assert.Equal("Rlvr.Environments.TestDrop", env.GetType().Assembly.GetName().Name);
    }

    [Fact]
    public async Task Environment_ScoresThroughRubric()
    {
        IEnvironment env = new QaEnvironment();
        Assert.True(env.TryGetProblem("q1", out var problem));
        var context = new ScoringContext("s");

        Assert.Equal(1.0, (await env.ScoreAsync(problem, "<think>\\boxed{5}</think>\\boxed{4}", context)).Value);
        Assert.Equal(Reasons.WrongAnswer, (await env.ScoreAsync(problem, "\\boxed{5}", context)).Reason);
        Assert.Equal(Reasons.ConflictingAnswers, (await env.ScoreAsync(problem, "\\boxed{4} or \\boxed{5}", context)).Reason);
        Assert.Equal(Reasons.NoAnswer, (await env.ScoreAsync(problem, "<think>\\boxed{4}</think>", context)).Reason);
    }

    [Fact]
    public void RenderPrompt_DoesNotLeakReference()
    {
        var env = new QaEnvironment();
        Assert.True(env.TryGetProblem("q2", out var problem));
        Assert.DoesNotContain("Paris", env.RenderPrompt(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SingleTurnEpisode_GymnasiumSemantics()
    {
        var env = new QaEnvironment();
        Assert.True(env.TryGetProblem("q1", out var problem));
        await using var episode = env.CreateEpisode(problem, new ScoringContext("e"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => episode.StepAsync(EpisodeAction.Message("x")).AsTask());
        var observation = await episode.ResetAsync();
        Assert.Contains("2 + 2", observation.Text, StringComparison.Ordinal);

        var step = await episode.StepAsync(EpisodeAction.Message("\\boxed{4}"));
        Assert.True(step.Terminated);
        Assert.False(step.Truncated);
        Assert.Equal(1.0, step.Reward!.Value);
        await Assert.ThrowsAsync<InvalidOperationException>(() => episode.StepAsync(EpisodeAction.Message("x")).AsTask());
    }

    [Fact]
    public async Task MultiTurnEpisode_ToolCalls_TruncatedAtStepLimit_TerminatedOnAnswer()
    {
        await using var episode = new CalculatorEpisode(maxSteps: 3);
        Assert.Equal("add", Assert.Single(episode.Tools).Name);
        Assert.Equal("object", episode.Tools[0].Parameters.GetProperty("type").GetString());

        await episode.ResetAsync();
        var first = await episode.StepAsync(EpisodeAction.Call(new ToolCall("c1", "add", """{"a": 2, "b": 3}""")));
        Assert.Equal("5", first.Observation.Text);
        Assert.Equal("c1", first.Observation.ToolCallId);
        Assert.False(first.Done);
        Assert.Null(first.Reward);

        var answer = await episode.StepAsync(EpisodeAction.Message("5"));
        Assert.True(answer.Terminated);
        Assert.Equal(1.0, answer.Reward!.Value);

        await episode.ResetAsync();
        await episode.StepAsync(EpisodeAction.Call(new ToolCall("a", "add", """{"a": 1, "b": 1}""")));
        await episode.StepAsync(EpisodeAction.Call(new ToolCall("b", "add", """{"a": 1, "b": 1}""")));
        var last = await episode.StepAsync(EpisodeAction.Call(new ToolCall("c", "add", """{"a": 1, "b": 1}""")));
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
    }

    [Fact]
    public void DatasetIssues_BadRecordsAndDuplicates_ReportedWhileTheRestLoad()
    {
        var env = new PartlyBrokenEnvironment(throwAfter: false);
        Assert.Equal(["q1", "q2"], env.ProblemIds);
        Assert.Equal(2, env.DatasetIssues.Count);
        Assert.Contains(env.DatasetIssues, i => i.Contains("data.jsonl:2", StringComparison.Ordinal));
        Assert.Contains(env.DatasetIssues, i => i.Contains("two bundled problems have id 'q1'", StringComparison.Ordinal));
    }

    [Fact]
    public void DatasetIssues_LoadProblemsThrows_ReportedWithWhatLoadedBefore()
    {
        var env = new PartlyBrokenEnvironment(throwAfter: true);
        Assert.Equal(["q1", "q2"], env.ProblemIds);
        Assert.Contains(env.DatasetIssues, i => i.Contains("IOException: disk gone", StringComparison.Ordinal));
        Assert.False(((IEnvironment)env).TryGetProblem("q3", out _));
    }

    private sealed class PartlyBrokenEnvironment(bool throwAfter) : Environment<QaProblem>
    {
        public override string Name => "test/partly-broken";

        public override string Version => "1";

        public override IVerifier<QaProblem> Rubric { get; } = Verifier.Create<QaProblem>((_, _) => Reward.Correct());

        public override string RenderPrompt(QaProblem problem) => problem.Question;

        public override string? GetProblemId(QaProblem problem) => problem.Id;

        protected override IEnumerable<QaProblem> LoadProblems()
        {
            yield return new QaProblem("q1", "a?", "a");
            ReportDatasetIssue("data.jsonl:2: field '$.answer': missing");
            yield return new QaProblem("q2", "b?", "b");
            if (throwAfter)
            {
                throw new IOException("disk gone");
            }

            yield return new QaProblem("q1", "again?", "c");
        }
    }

    /// <summary>A two-tool-call task: use "add" on 2 and 3, then answer.</summary>
    private sealed class CalculatorEpisode(int maxSteps) : Episode(maxSteps)
    {
        public override IReadOnlyList<ToolDefinition> Tools { get; } =
        [
            ToolDefinition.Create("add", "Adds two integers.", """{"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "required": ["a", "b"]}"""),
        ];

        protected override ValueTask<Observation> OnResetAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(new Observation("What is 2 + 3? You may call add."));

        protected override ValueTask<StepResult> OnStepAsync(EpisodeAction action, CancellationToken cancellationToken)
        {
            if (action.ToolCall is { } call)
            {
                using var args = System.Text.Json.JsonDocument.Parse(call.ArgumentsJson);
                int sum = args.RootElement.GetProperty("a").GetInt32() + args.RootElement.GetProperty("b").GetInt32();
                return ValueTask.FromResult(new StepResult(new Observation(sum.ToString(System.Globalization.CultureInfo.InvariantCulture), call.Id), null, false, false));
            }

            var reward = (action.Text ?? string.Empty).Trim() == "5" ? Reward.Correct() : Reward.Wrong();
            return ValueTask.FromResult(new StepResult(new Observation(string.Empty), reward, Terminated: true, Truncated: false));
        }
    }
}
