using Rlvr.Core.Scoring;
using Rlvr.Core.Scoring.Pipeline;

namespace Rlvr.Core.Tests.Scoring.Pipeline;

// The ordering rule is Microsoft.Extensions.AI's ChatClientBuilder (dotnet/extensions,
// src/Libraries/Microsoft.Extensions.AI/ChatCompletion/ChatClientBuilder.cs at 200f04708a2b): factories are applied in
// reverse, so the first one added is the outermost.
public class VerifierBuilderTests
{
    private static readonly ScoringRequest Item = new("a", new QaProblem("p", "2+2?", "4"), Completion.FromText("\\boxed{4}"));

    [Fact]
    public async Task Build_SeveralPolicies_FirstAddedIsOutermost()
    {
        var calls = new List<string>();
        var verifier = new VerifierBuilder(new Recording("inner", calls, inner: null))
            .Use(inner => new Recording("first", calls, inner))
            .Use(inner => new Recording("second", calls, inner))
            .Use(inner => new Recording("third", calls, inner))
            .Build();

        await verifier.ScoreAsync(new QaEnvironment(), Item);

        Assert.Equal(["first>", "second>", "third>", "inner>", "<inner", "<third", "<second", "<first"], calls);
        Assert.Equal("first", ((Recording)verifier).Name);
    }

    [Fact]
    public void Build_NoPolicy_ReturnsTheInnerVerifier()
    {
        var inner = new EnvironmentVerifier();

        Assert.Same(inner, new VerifierBuilder(inner).Build());
    }

    [Fact]
    public void Build_FactoryReturnsNull_ThrowsNamingTheIndex()
    {
        var builder = new VerifierBuilder(new EnvironmentVerifier()).UseLogging(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Use(_ => null!);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseCacheThenRetry_CacheHit_NoAttemptMade()
    {
        var cache = new MemoryScoreCache();
        int attempts = 0;
        var env = new DelegateEnvironment((_, _, _) =>
        {
            attempts++;
            return new ValueTask<Reward>(Reward.Scored(1, Reasons.Correct));
        });
        var verifier = new VerifierBuilder(new EnvironmentVerifier())
            .UseCache(cache)
            .UseRetry(3, TimeSpan.Zero)
            .Build();

        var first = await verifier.ScoreAsync(env, Item);
        var second = await verifier.ScoreAsync(env, Item);

        Assert.Equal(1, attempts);
        Assert.Equal((1, false), (first.Attempts, first.FromCache));
        Assert.Equal((0, true), (second.Attempts, second.FromCache));
    }

    [Fact]
    public async Task UseRetryThenCache_InfraErrorThenScored_CachesOnlyTheScoredAttempt()
    {
        // Cache inside retry: each attempt looks the cache up, and only the attempt that scored is stored.
        var cache = new MemoryScoreCache();
        int attempts = 0;
        var env = new DelegateEnvironment((_, _, _) =>
            new ValueTask<Reward>(++attempts == 1 ? Reward.InfraError(Reasons.SandboxError, "x") : Reward.Scored(1, Reasons.Correct)));
        var verifier = new VerifierBuilder(new EnvironmentVerifier())
            .UseRetry(3, TimeSpan.Zero)
            .UseCache(cache)
            .Build();

        var item = await verifier.ScoreAsync(env, Item);

        Assert.Equal(2, item.Attempts);
        Assert.Equal(Outcome.Scored, (await cache.GetAsync(ScoringEngine.KeyFor(env, Item)))?.Outcome);
    }

    private sealed class Recording(string name, List<string> calls, IItemVerifier? inner) : IItemVerifier
    {
        public string Name => name;

        public async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
        {
            calls.Add(name + ">");
            var item = inner is null
                ? new ScoredItem(request.Id, Reward.Scored(1, Reasons.Correct), TimeSpan.Zero, 1, false)
                : await inner.ScoreAsync(environment, request, cancellationToken);
            calls.Add("<" + name);
            return item;
        }
    }
}
