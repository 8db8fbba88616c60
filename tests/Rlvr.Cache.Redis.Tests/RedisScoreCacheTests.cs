using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Cache.Redis.Tests;

/// <summary>The Redis score cache against a real redis-server: shared between instances (replicas), first writer wins,
/// expiry, and a store that goes away is a miss, never an exception.</summary>
public sealed class RedisScoreCacheTests
{
    private static readonly ScoreKey Key = new("math", "3", "p1", "c1");

    [Fact]
    public async Task SetAsync_OnOneReplica_IsAHitOnAnother()
    {
        await using var server = await RedisServer.StartAsync();
        await using var a = await RedisScoreCache.ConnectAsync(server.Uri);
        await using var b = await RedisScoreCache.ConnectAsync(server.Uri);
        var reward = Reward.Scored(0.5, "partial").WithComponent("tests", 0.5).WithMetric("passed", 3).WithEvidence("tests", new[] { "ok", "fail" });

        Assert.Null(await b.GetAsync(Key));
        await a.SetAsync(Key, reward);
        var hit = await b.GetAsync(Key);

        Assert.NotNull(hit);
        Assert.Equal(ScoreCacheJson.Serialize(Key, reward), ScoreCacheJson.Serialize(Key, hit));
        Assert.Equal(1, b.Hits);
        Assert.Equal(1, b.Misses);
        Assert.Null(await b.GetAsync(Key with { Version = "4" }));
    }

    [Fact]
    public async Task SetAsync_Twice_FirstWriterWins()
    {
        await using var server = await RedisServer.StartAsync();
        await using var cache = await RedisScoreCache.ConnectAsync(server.Uri);

        await cache.SetAsync(Key, Reward.Correct());
        await cache.SetAsync(Key, Reward.Wrong());

        Assert.Equal(1.0, (await cache.GetAsync(Key))?.Value);
    }

    [Fact]
    public async Task SetAsync_WithTtl_EntryExpires()
    {
        await using var server = await RedisServer.StartAsync();
        await using var cache = await RedisScoreCache.ConnectAsync(server.Uri + "?ttl=1");

        await cache.SetAsync(Key, Reward.Correct());
        Assert.NotNull(await cache.GetAsync(Key));
        await Task.Delay(2500);

        Assert.Null(await cache.GetAsync(Key));
    }

    [Fact]
    public async Task GetAsync_StoreDown_MissAndCountedThenHitsAgainWhenBack()
    {
        await using var server = await RedisServer.StartAsync();
        await using var cache = await RedisScoreCache.ConnectAsync(server.Uri);
        await cache.SetAsync(Key, Reward.Correct());

        await server.KillAsync();
        Assert.Null(await cache.GetAsync(Key));
        await cache.SetAsync(Key with { ProblemKey = "p2" }, Reward.Correct());
        Assert.True(cache.Errors >= 2, $"errors: {cache.Errors}");

        await server.RestartAsync();
        await cache.SetAsync(Key, Reward.Wrong());
        Reward? back = null;
        for (int i = 0; i < 100 && back is null; i++)
        {
            await Task.Delay(200);
            await cache.SetAsync(Key, Reward.Wrong());
            back = await cache.GetAsync(Key);
        }

        Assert.Equal(0.0, back?.Value);
    }

    [Fact]
    public async Task Engine_TwoReplicasOneStore_SecondAnswersFromTheCache()
    {
        await using var server = await RedisServer.StartAsync();
        await using var first = await RedisScoreCache.ConnectAsync(server.Uri);
        await using var second = await RedisScoreCache.ConnectAsync(server.Uri);
        int calls = 0;
        var environment = new CountingEnvironment(() => Interlocked.Increment(ref calls));
        var requests = Enumerable.Range(0, 10).Select(i => new ScoringRequest("i" + i, new Problem("p" + i), Completion.FromText("x"))).ToArray();

        await new ScoringEngine(cache: first).ScoreAsync(environment, requests);
        var again = await new ScoringEngine(cache: second).ScoreAsync(environment, requests);

        Assert.All(again, item => Assert.True(item.FromCache));
        Assert.Equal(10, calls);
    }

    [Theory]
    [InlineData("http://127.0.0.1:6379", "http://127.0.0.1:6379")]
    [InlineData("redis://127.0.0.1:6379/x", "/x")]
    [InlineData("redis://127.0.0.1:6379?ttl=-1", "ttl=-1")]
    [InlineData("redis://127.0.0.1:6379?size=3", "size=3")]
    public void Parse_Malformed_NamesThePart(string uri, string part)
    {
        var ex = Assert.Throws<FormatException>(() => RedisScoreCache.Parse(uri));

        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PasswordDatabaseAndTtl_AreRead()
    {
        var (options, database, expiry) = RedisScoreCache.Parse("redis://:s3cret@127.0.0.1:6380/2?ttl=86400");

        Assert.Equal("s3cret", options.Password);
        Assert.Equal("127.0.0.1:6380", options.EndPoints[0].ToString());
        Assert.Equal(2, database);
        Assert.Equal(TimeSpan.FromDays(1), expiry);
    }

    private sealed record Problem(string Id);

    private sealed class CountingEnvironment(Action onScore) : Environment<Problem>
    {
        public override string Name => "test-count";

        public override string Version => "1";

        public override IVerifier<Problem> Rubric => Verifier.Create<Problem>((_, _, _) =>
        {
            onScore();
            return new ValueTask<Reward>(Reward.Correct());
        });

        public override string RenderPrompt(Problem problem) => problem.Id;
    }
}
