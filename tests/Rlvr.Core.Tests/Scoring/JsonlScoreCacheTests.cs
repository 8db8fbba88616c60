using Rlvr.Core.Scoring;

namespace Rlvr.Core.Tests.Scoring;

public sealed class JsonlScoreCacheTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("rlvr-cache-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task Reopen_RestoresRewards_SkipsBadLines()
    {
        string path = Path.Combine(dir, "sub", "cache.jsonl");
        var key = new ScoreKey("env", "2", "p1", "abc");
        var reward = Reward.Scored(0.5, "partial").WithDetail("half").WithComponent("tests", 0.5).WithMetric("passed", 3).WithEvidence("tests", new[] { "ok", "fail" });
        using (var cache = new JsonlScoreCache(path))
        {
            await cache.SetAsync(key, reward);
            await cache.SetAsync(key with { ProblemKey = "p2" }, Reward.Unscorable(Reasons.NoTests, "empty"));
        }

        File.AppendAllText(path, "{not json\n{\"env\": \"e\"}\n");

        using var reopened = new JsonlScoreCache(path);
        Assert.Equal(2, reopened.Count);
        Assert.Equal(2, reopened.SkippedLines);
        var restored = await reopened.GetAsync(key);
        Assert.NotNull(restored);
        Assert.Equal(0.5, restored.Value);
        Assert.Equal("partial", restored.Reason);
        Assert.Equal("half", restored.Detail);
        Assert.Equal(0.5, restored.Components["tests"]);
        Assert.Equal(3, restored.Metrics["passed"]);
        Assert.Equal("[\"ok\",\"fail\"]", System.Text.Json.JsonSerializer.Serialize(restored.Evidence["tests"]));
        var unscorable = await reopened.GetAsync(key with { ProblemKey = "p2" });
        Assert.Equal(Outcome.Unscorable, unscorable?.Outcome);
        Assert.Null(await reopened.GetAsync(key with { Version = "3" }));
    }

    [Fact]
    public async Task Engine_WithFileCache_SecondRunServedFromCache()
    {
        string path = Path.Combine(dir, "cache.jsonl");
        int calls = 0;
        var env = new DelegateEnvironment((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<Reward>(Reward.Correct());
        });
        var requests = Enumerable.Range(0, 20).Select(i => new ScoringRequest(i.ToString(), new QaProblem("p" + i, "q", "a"), "x")).ToList();

        using (var cache = new JsonlScoreCache(path))
        {
            await new ScoringEngine(cache: cache).ScoreAsync(env, requests);
        }

        using (var cache = new JsonlScoreCache(path))
        {
            var items = await new ScoringEngine(cache: cache).ScoreAsync(env, requests);
            Assert.All(items, i => Assert.True(i.FromCache));
        }

        Assert.Equal(20, calls);
    }

    [Fact]
    public async Task SetAsync_WritesTheWireSpellingAndReadsTheOldOne()
    {
        string path = Path.Combine(dir, "cache.jsonl");
        var key = new ScoreKey("env", "1", "p", "c");
        using (var cache = new JsonlScoreCache(path))
        {
            await cache.SetAsync(key, Reward.Correct());
        }

        Assert.Contains("\"outcome\":\"scored\"", File.ReadAllText(path), StringComparison.Ordinal);
        File.AppendAllText(path, File.ReadAllText(path).Replace("\"p\"", "\"old\"", StringComparison.Ordinal).Replace("\"scored\"", "\"Scored\"", StringComparison.Ordinal));

        using var reopened = new JsonlScoreCache(path);
        Assert.Equal(Outcome.Scored, (await reopened.GetAsync(key with { ProblemKey = "old" }))?.Outcome);
    }

    [Fact]
    public async Task SetAsync_ManyConcurrentWriters_ReturnAtOnceAndEveryLineLandsWhole()
    {
        string path = Path.Combine(dir, "cache.jsonl");
        await using (var cache = new JsonlScoreCache(path))
        {
            await Parallel.ForAsync(0, 2000, async (i, token) =>
            {
                var pending = cache.SetAsync(new ScoreKey("env", "1", "p" + i, "c"), Reward.Scored(i % 2, Reasons.Correct), token);

                // The worker never waits for the disk: the reward is stored in memory and the line queued.
                Assert.True(pending.IsCompletedSuccessfully);
                await pending;
                Assert.NotNull(await cache.GetAsync(new ScoreKey("env", "1", "p" + i, "c"), token));
            });
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(2000, lines.Length);
        using var reopened = new JsonlScoreCache(path);
        Assert.Equal(0, reopened.SkippedLines);
        Assert.Equal(2000, reopened.Count);
        Assert.Equal(1.0, (await reopened.GetAsync(new ScoreKey("env", "1", "p1999", "c")))?.Value);
    }

    [Fact]
    public void ToStorageKey_EqualKeysEqual_PartsCannotRunIntoEachOther()
    {
        var key = new ScoreKey("math", "3", "ab", "c");

        Assert.Equal(key.ToStorageKey(), new ScoreKey("math", "3", "ab", "c").ToStorageKey());
        Assert.NotEqual(key.ToStorageKey(), new ScoreKey("math", "3", "a", "bc").ToStorageKey());
        Assert.StartsWith("rlvr:score:", key.ToStorageKey(), StringComparison.Ordinal);
        Assert.Equal(75, key.ToStorageKey().Length);
    }
}
