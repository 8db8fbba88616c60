using System.Text.Json;
using Rlvr.Core;

namespace Rlvr.Environments.Math.Tests;

public class EnvironmentTests
{
    private static ScoringContext Context() => new("sample");

    [Fact]
    public void MathEnvironment_ParseProblem_ReadsSnakeCase()
    {
        var env = new MathEnvironment();
        using var doc = JsonDocument.Parse("""{"question": "1+1?", "answer": "2", "tolerance": 0.01}""");

        var problem = env.ParseProblem(doc.RootElement);

        Assert.Equal("2", problem.Answer);
        Assert.Equal(0.01, problem.Tolerance);
    }

    [Fact]
    public void MathEnvironment_ParseProblem_MissingAnswerThrows()
    {
        var env = new MathEnvironment();
        using var doc = JsonDocument.Parse("""{"question": "1+1?"}""");

        Assert.Throws<ProblemFormatException>(() => env.ParseProblem(doc.RootElement));
    }

    [Fact]
    public async Task MathEnvironment_Score_ReportsAnswerAndFormatComponents()
    {
        var env = new MathEnvironment();
        var problem = new MathProblem { Question = "What is 1+1?", Answer = "2" };

        var correct = await env.ScoreAsync(problem, "1+1 = \\boxed{2}", Context());
        var plain = await env.ScoreAsync(problem, "The answer is 2.", Context());
        var wrong = await env.ScoreAsync(problem, "\\boxed{3}", Context());

        Assert.Equal(1.0, correct.Value);
        Assert.Equal(1.0, correct.Components[MathRubric.FormatComponent]);
        Assert.Equal(1.0, plain.Value);
        Assert.Equal(0.0, plain.Components[MathRubric.FormatComponent]);
        Assert.Equal(Reasons.WrongAnswer, wrong.Reason);
    }

    [Fact]
    public async Task MathEnvironment_FormatWeight_CountsFormat()
    {
        var env = new MathEnvironment(MathEquivalenceOptions.Default, formatWeight: 1.0);
        var problem = new MathProblem { Question = "What is 1+1?", Answer = "2" };

        var plain = await env.ScoreAsync(problem, "The answer is 2.", Context());

        Assert.Equal(0.5, plain.Value, 9);
    }

    [Fact]
    public async Task MathEnvironment_BadReference_IsUnscorable()
    {
        var env = new MathEnvironment();
        var problem = new MathProblem { Question = "?", Answer = "\\frac{1}{" };

        var reward = await env.ScoreAsync(problem, "\\boxed{2}", Context());

        Assert.Equal(Outcome.Unscorable, reward.Outcome);
        Assert.Equal(Reasons.BadReference, reward.Reason);
    }

    [Fact]
    public async Task MathEnvironment_EmptyCompletion_IsScoredZero()
    {
        var env = new MathEnvironment();
        var reward = await env.ScoreAsync(new MathProblem { Question = "?", Answer = "1" }, "   ", Context());

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(Reasons.EmptyCompletion, reward.Reason);
    }

    [Fact]
    public void MathEnvironment_RenderPrompt_DoesNotContainTheAnswer()
    {
        var env = new MathEnvironment();

        string prompt = env.RenderPrompt(new MathProblem { Question = "How many legs has a spider?", Answer = "eight legs" });

        Assert.Contains("spider", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("eight", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gsm8kEnvironment_BundledFile_LoadsAndScoresReferenceSolutions()
    {
        var env = new Gsm8kEnvironment(MathTestData.MathFile("gsm8k_test.jsonl"));

        Assert.Equal(1319, env.ProblemIds.Count);
        Assert.Equal("gsm8k-0", env.ProblemIds[0]);
        Assert.True(env.TryGetProblem("gsm8k-0", out var first));
        Assert.DoesNotContain("####", env.RenderPrompt(first), StringComparison.Ordinal);
        int correct = 0;
        foreach (string id in env.ProblemIds.Take(200))
        {
            env.TryGetProblem(id, out var problem);
            var reward = await env.ScoreAsync(problem!, problem!.Answer, Context());
            correct += reward.Value == 1.0 ? 1 : 0;
        }
        Assert.Equal(200, correct);
    }

    [Theory]
    [InlineData("12", "#### 1,2", 0.0)]
    [InlineData("34", "#### 3, 4", 0.0)]
    [InlineData("1234", "#### 12,34", 0.0)]
    [InlineData("1200", "#### 1,200", 1.0)]
    [InlineData("1,200", "#### 1200", 1.0)]
    [InlineData("1234567", "So the total is\n#### $1,234,567.", 1.0)]
    public async Task Gsm8kEnvironment_Commas_OnlyThousandsSeparatorsAreDropped(string gold, string completion, double expected)
    {
        // verl's GSM8K reward removed every comma, so "1,2" matched a gold 12 (RLVR1016's evidence).
        var env = new Gsm8kEnvironment(Path.Combine(Path.GetTempPath(), "no-file-" + Guid.NewGuid().ToString("N") + ".jsonl"));
        var problem = new Gsm8kProblem { Question = "How many?", Answer = "Work.\n#### " + gold };

        var reward = await env.ScoreAsync(problem, completion, Context());

        Assert.Equal(Outcome.Scored, reward.Outcome);
        Assert.Equal(expected, reward.Value);
    }

    [Fact]
    public async Task Math500Environment_BundledFile_LoadsAndScoresBoxedAnswers()
    {
        var env = new Math500Environment(MathTestData.MathFile("math500_test.jsonl"));

        Assert.Equal(500, env.ProblemIds.Count);
        Assert.True(env.TryGetProblem(env.ProblemIds[0], out var first));
        Assert.StartsWith("test/", first.UniqueId, StringComparison.Ordinal);
        int correct = 0;
        foreach (string id in env.ProblemIds)
        {
            env.TryGetProblem(id, out var problem);
            var reward = await env.ScoreAsync(problem!, "Final: \\boxed{" + problem!.Answer + "}", Context());
            correct += reward.Value == 1.0 ? 1 : 0;
        }
        Assert.Equal(500, correct);
    }

    [Fact]
    public void Gsm8kEnvironment_MissingFile_HasEmptyDataset()
    {
        var env = new Gsm8kEnvironment(Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid().ToString("N") + ".jsonl"));

        // Since the environment base reports a dataset that cannot be loaded instead of throwing (DatasetIssues).
        Assert.Empty(env.ProblemIds);
        Assert.Contains(env.DatasetIssues, issue => issue.Contains("could not be loaded", StringComparison.Ordinal));
    }

    [Fact]
    public void EnvironmentRegistry_AddAssembly_FindsTheThreeMathEnvironments()
    {
        var registry = new EnvironmentRegistry().AddAssembly(typeof(MathEnvironment).Assembly);

        Assert.IsType<MathEnvironment>(registry.Get("math"));
        Assert.IsType<Gsm8kEnvironment>(registry.Get("math/gsm8k"));
        Assert.IsType<Math500Environment>(registry.Get("math/math500"));
    }
}
