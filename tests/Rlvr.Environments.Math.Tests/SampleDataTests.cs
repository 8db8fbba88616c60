using System.Text.Json;
using Rlvr.Core;

namespace Rlvr.Environments.Math.Tests;

public class SampleDataTests
{
    [Fact]
    public async Task MathSample_EveryWellFormedLine_ScoresAsItsKindSays()
    {
        var env = new MathEnvironment();
        string path = Path.Combine(MathTestData.RepoRoot, "examples", "data", "math-sample.jsonl");
        int malformed = 0;
        int scored = 0;
        foreach (string line in File.ReadLines(path))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                malformed++;
                continue;
            }
            using (doc)
            {
                string id = doc.RootElement.GetProperty("id").GetString()!;
                var problem = env.ParseProblem(doc.RootElement.GetProperty("problem"));
                var reward = await env.ScoreAsync(problem, doc.RootElement.GetProperty("completion").GetString()!, new ScoringContext(id));
                string expectedReason = id[(id.LastIndexOf('-') + 1)..] switch
                {
                    "wrong_answer" => Reasons.WrongAnswer,
                    "hedging_two_boxes" => Reasons.ConflictingAnswers,
                    "answer_only_in_think" => Reasons.NoAnswer,
                    _ => Reasons.Correct,
                };
                Assert.True(expectedReason == reward.Reason, $"{id}: expected {expectedReason}, got {reward}");
                scored++;
            }
        }
        Assert.Equal(1, malformed);
        Assert.Equal(39, scored);
    }
}
