using Microsoft.Extensions.Time.Testing;
using Rlvr.Core.Scoring;

namespace Rlvr.Core.Tests.Scoring.Pipeline;

public class RetryVerifierTests
{
    private static ScoringRequest Request(string id) => new(id, new QaProblem("p-" + id, "2+2?", "4"), Completion.FromText("\\boxed{4}"));

    [Fact]
    public async Task ScoreOneAsync_RetriedAfterInfraError_EveryAttemptSeesTheSameRandomStream()
    {
        var draws = new List<(int First, int Second)>();
        var env = new DelegateEnvironment((_, _, context) =>
        {
            draws.Add((context.Random.Next(), context.Random.Next()));
            return new ValueTask<Reward>(draws.Count < 3 ? Reward.InfraError(Reasons.SandboxError, "flaky") : Reward.Scored(1, Reasons.Correct));
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 3, RetryDelay = TimeSpan.Zero });

        var item = await engine.ScoreOneAsync(env, Request("sample-7"));

        Assert.Equal(3, item.Attempts);
        Assert.Equal(Outcome.Scored, item.Reward.Outcome);
        Assert.Equal(3, draws.Count);
        Assert.All(draws, d => Assert.Equal(draws[0], d));
        var fresh = new Random(new ScoringContext("sample-7").Seed);
        Assert.Equal((fresh.Next(), fresh.Next()), draws[0]);
    }

    [Fact]
    public async Task ScoreOneAsync_FakeClock_RetryDelayWaitsForTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        int attempts = 0;
        var env = new DelegateEnvironment((_, _, _) =>
            new ValueTask<Reward>(++attempts == 1 ? Reward.InfraError(Reasons.SandboxError, "flaky") : Reward.Scored(1, Reasons.Correct)));
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 2, RetryDelay = TimeSpan.FromHours(1), ItemTimeout = TimeSpan.FromHours(3) }, timeProvider: clock);

        var pending = engine.ScoreOneAsync(env, Request("a")).AsTask();
        await Task.Delay(50);
        Assert.False(pending.IsCompleted); // An hour of real time would pass before the system clock allowed a retry.
        clock.Advance(TimeSpan.FromHours(1));
        var item = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, item.Attempts);
        Assert.Equal(Outcome.Scored, item.Reward.Outcome);
        Assert.Equal(TimeSpan.FromHours(1), item.Elapsed);
    }

    [Fact]
    public async Task ScoreOneAsync_FakeClock_ItemDeadlineRunsOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var env = new DelegateEnvironment(async (_, _, context) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.CancellationToken);
            return Reward.Scored(1, Reasons.Correct);
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1, ItemTimeout = TimeSpan.FromMinutes(10) }, timeProvider: clock);

        var pending = engine.ScoreOneAsync(env, Request("a")).AsTask();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        var item = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Outcome.InfraError, item.Reward.Outcome);
        Assert.Equal(Reasons.VerifierTimeout, item.Reward.Reason);
        Assert.Equal(TimeSpan.FromMinutes(10), item.Elapsed);
    }

    [Fact]
    public async Task ScoreOneAsync_FakeClock_DeadlineDuringRetryDelayKeepsTheLastFailure()
    {
        var clock = new FakeTimeProvider();
        var env = new DelegateEnvironment((_, _, _) => new ValueTask<Reward>(Reward.InfraError(Reasons.SandboxError, "down")));
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 5, RetryDelay = TimeSpan.FromMinutes(1), ItemTimeout = TimeSpan.FromMinutes(2) }, timeProvider: clock);

        var pending = engine.ScoreOneAsync(env, Request("a")).AsTask();
        for (int i = 0; i < 10 && !pending.IsCompleted; i++)
        {
            await Task.Delay(20);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var item = await pending.WaitAsync(TimeSpan.FromSeconds(30));

        // Attempts at 0 and 1 min; the 2-minute wait before a third passes the 2-minute deadline.
        Assert.Equal(2, item.Attempts);
        Assert.Equal(Reasons.SandboxError, item.Reward.Reason);
    }
}
