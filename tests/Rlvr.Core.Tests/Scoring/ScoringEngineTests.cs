using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring;

namespace Rlvr.Core.Tests.Scoring;

public class ScoringEngineTests
{
    private static ScoringRequest Request(string id, string completion = "\\boxed{4}") =>
        new(id, new QaProblem("p-" + id, "2+2?", "4"), Completion.FromText(completion));

    [Fact]
    public async Task ScoreAsync_VerifierThrows_InfraErrorWithExceptionType()
    {
        var env = new DelegateEnvironment((_, _, _) => throw new InvalidOperationException("boom"));
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 });

        var item = await engine.ScoreOneAsync(env, Request("a"));

        Assert.Equal(Outcome.InfraError, item.Reward.Outcome);
        Assert.Equal("exception:InvalidOperationException", item.Reward.Reason);
        Assert.Equal("boom", item.Reward.Detail);
        Assert.Equal(0.0, item.Reward.Value);
    }

    [Fact]
    public async Task ScoreAsync_AsyncThrow_InfraError()
    {
        var env = new DelegateEnvironment(async (_, _, _) =>
        {
            await Task.Yield();
            throw new IOException("disk");
        });

        var item = await new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }).ScoreOneAsync(env, Request("a"));

        Assert.Equal("exception:IOException", item.Reward.Reason);
    }

    [Fact]
    public async Task ScoreAsync_SandboxException_InfraErrorWithItsReason()
    {
        var env = new DelegateEnvironment((_, _, _) => throw new SandboxException("docker_unreachable", "Start Docker."));

        var item = await new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }).ScoreOneAsync(env, Request("a"));

        Assert.Equal(Outcome.InfraError, item.Reward.Outcome);
        Assert.Equal("docker_unreachable", item.Reward.Reason);
    }

    [Fact]
    public async Task ScoreAsync_HangingVerifier_CutAtDeadline_BatchContinues()
    {
        var env = new DelegateEnvironment(async (problem, _, _) =>
        {
            if (problem.Id == "p-hang")
            {
                // Ignores every token: only the engine's deadline can stop waiting for it.
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }

            return Reward.Correct();
        });
        var engine = new ScoringEngine(new ScoringOptions { ItemTimeout = TimeSpan.FromMilliseconds(200), MaxDegreeOfParallelism = 2 });

        var items = await engine.ScoreAsync(env, [Request("a"), Request("hang"), Request("b"), Request("c")]);

        Assert.Equal(["a", "hang", "b", "c"], items.Select(i => i.Id));
        Assert.Equal(Outcome.InfraError, items[1].Reward.Outcome);
        Assert.Equal(Reasons.VerifierTimeout, items[1].Reward.Reason);
        Assert.All(new[] { items[0], items[2], items[3] }, i => Assert.Equal(1.0, i.Reward.Value));
    }

    [Fact]
    public async Task ScoreAsync_Cancelled_ThrowsAndLeavesNothingRunning()
    {
        int running = 0;
        int started = 0;
        using var cts = new CancellationTokenSource();
        var env = new DelegateEnvironment(async (_, _, context) =>
        {
            Interlocked.Increment(ref running);
            try
            {
                if (Interlocked.Increment(ref started) == 3)
                {
                    cts.Cancel();
                }

                await Task.Delay(Timeout.Infinite, context.CancellationToken);
                return Reward.Correct();
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 4 });
        var requests = Enumerable.Range(0, 50).Select(i => Request(i.ToString())).ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.ScoreAsync(env, requests, cancellationToken: cts.Token));

        Assert.Equal(0, Volatile.Read(ref running));
        Assert.True(started <= 4, $"started {started} items after cancellation");
    }

    [Fact]
    public async Task ScoreAsync_InfraError_RetriedUntilSuccess()
    {
        int calls = 0;
        var env = new DelegateEnvironment((_, _, _) => new ValueTask<Reward>(
            Interlocked.Increment(ref calls) < 3 ? Reward.InfraError(Reasons.SandboxError) : Reward.Correct()));
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) });

        var item = await engine.ScoreOneAsync(env, Request("a"));

        Assert.Equal(3, item.Attempts);
        Assert.Equal(1.0, item.Reward.Value);
    }

    [Theory]
    [InlineData(Outcome.Scored)]
    [InlineData(Outcome.Unscorable)]
    public async Task ScoreAsync_NonInfraResult_NotRetried(Outcome outcome)
    {
        int calls = 0;
        var env = new DelegateEnvironment((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<Reward>(outcome == Outcome.Scored ? Reward.Wrong() : Reward.Unscorable(Reasons.BadReference));
        });

        var item = await new ScoringEngine(new ScoringOptions { MaxAttempts = 5 }).ScoreOneAsync(env, Request("a"));

        Assert.Equal(1, calls);
        Assert.Equal(1, item.Attempts);
    }

    [Fact]
    public async Task ScoreAsync_PersistentInfraError_StopsAfterMaxAttempts()
    {
        int calls = 0;
        var env = new DelegateEnvironment((_, _, _) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<Reward>(Reward.InfraError(Reasons.SandboxError));
        });

        var item = await new ScoringEngine(new ScoringOptions { MaxAttempts = 2, RetryDelay = TimeSpan.Zero }).ScoreOneAsync(env, Request("a"));

        Assert.Equal(2, calls);
        Assert.Equal(Outcome.InfraError, item.Reward.Outcome);
    }

    [Fact]
    public async Task ScoreAsync_BoundedParallelism_NeverExceedsLimit()
    {
        int running = 0;
        int peak = 0;
        var env = new DelegateEnvironment(async (_, _, _) =>
        {
            int now = Interlocked.Increment(ref running);
            int seen;
            while ((seen = Volatile.Read(ref peak)) < now && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            await Task.Delay(5);
            Interlocked.Decrement(ref running);
            return Reward.Correct();
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 3 });

        var items = await engine.ScoreAsync(env, Enumerable.Range(0, 40).Select(i => Request(i.ToString())).ToList());

        Assert.Equal(40, items.Length);
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task ScoreAsync_ReportsProgressForEveryItem()
    {
        var reports = new List<ScoringProgress>();
        var progress = new SyncProgress(reports);
        var items = await new ScoringEngine().ScoreAsync(new QaEnvironment(), Enumerable.Range(0, 25).Select(i => Request(i.ToString())).ToList(), progress);

        Assert.Equal(25, reports.Count);
        Assert.Equal(Enumerable.Range(1, 25), reports.Select(r => r.Completed).Order());
        Assert.All(reports, r => Assert.Equal(25, r.Total));
        Assert.Equal(25, items.Length);
    }

    [Fact]
    public async Task ScoreAsync_Cache_HitsSkipVerifier_InfraErrorsNotCached()
    {
        int calls = 0;
        var env = new DelegateEnvironment((problem, completion, _) =>
        {
            Interlocked.Increment(ref calls);
            return new ValueTask<Reward>(completion.Text == "infra" ? Reward.InfraError(Reasons.SandboxError) : Reward.Correct());
        });
        var cache = new MemoryScoreCache();
        var engine = new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }, cache: cache);

        var problem = new QaProblem("shared", "2+2?", "4");
        var first = await engine.ScoreOneAsync(env, new ScoringRequest("a", problem, "x"));
        var second = await engine.ScoreOneAsync(env, new ScoringRequest("b", problem, "x"));
        var otherCompletion = await engine.ScoreOneAsync(env, new ScoringRequest("c", problem, "y"));
        var otherProblem = await engine.ScoreOneAsync(env, new ScoringRequest("d", problem with { Id = "other" }, "x"));
        await engine.ScoreOneAsync(env, new ScoringRequest("e", problem, "infra"));
        await engine.ScoreOneAsync(env, new ScoringRequest("f", problem, "infra"));

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Reward.Value, second.Reward.Value);
        Assert.False(otherCompletion.FromCache);
        Assert.False(otherProblem.FromCache);
        Assert.Equal(5, calls);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void KeyFor_DependsOnVersionProblemAndCompletion()
    {
        var env = new QaEnvironment();
        var a = ScoringEngine.KeyFor(env, Request("1", "x"));
        var b = ScoringEngine.KeyFor(env, Request("2", "x"));
        var c = ScoringEngine.KeyFor(env, Request("1", "y"));
        var inline = ScoringEngine.KeyFor(env, new ScoringRequest("3", new QaProblem("p-1", "2+2?", "5"), "x"));

        Assert.Equal(a with { ProblemKey = b.ProblemKey }, b);
        Assert.NotEqual(a.ProblemKey, b.ProblemKey);
        Assert.NotEqual(a.CompletionHash, c.CompletionHash);
        Assert.Equal("1", a.Version);
        Assert.Equal(a.ProblemKey, inline.ProblemKey); // Same id: the environment's id wins over content.
    }

    [Fact]
    public async Task ScoreAsync_SameSample_SameSeededReward()
    {
        var env = new DelegateEnvironment((_, _, context) =>
            new ValueTask<Reward>(Reward.Scored(context.Random.NextDouble(), "random")));
        var engine = new ScoringEngine();

        var first = await engine.ScoreOneAsync(env, Request("sample-7"));
        var second = await engine.ScoreOneAsync(env, Request("sample-7"));
        var other = await engine.ScoreOneAsync(env, Request("sample-8"));

        Assert.Equal(first.Reward.Value, second.Reward.Value);
        Assert.NotEqual(first.Reward.Value, other.Reward.Value);
    }

    [Fact]
    public void StableSeed_IsProcessIndependent()
    {
        // FNV-1a of "abc" folded to 32 bits: a constant across runs and machines, unlike string.GetHashCode.
        Assert.Equal(ScoringContext.StableSeed("abc"), ScoringContext.StableSeed("abc"));
        Assert.Equal(unchecked((int)(0xE71FA2190541574BUL ^ (0xE71FA2190541574BUL >> 32))), ScoringContext.StableSeed("abc"));
        Assert.Equal(ScoringContext.StableSeed(new string('x', 1000)), ScoringContext.StableSeed(new string('x', 1000)));
    }

    [Fact]
    public void Options_Invalid_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringEngine(new ScoringOptions { MaxAttempts = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoringEngine(new ScoringOptions { ItemTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Context_WithoutSandboxProvider_IsInfraError()
    {
        var env = new DelegateEnvironment(async (_, _, context) =>
        {
            await using var sandbox = await context.Sandboxes.AcquireAsync(new SandboxSpec("rlvr/python:latest"), context.CancellationToken);
            return Reward.Correct();
        });

        var item = await new ScoringEngine(new ScoringOptions { MaxAttempts = 1 }).ScoreOneAsync(env, Request("a"));

        Assert.Equal(Outcome.InfraError, item.Reward.Outcome);
        Assert.Equal("sandbox_unconfigured", item.Reward.Reason);
    }

    [Fact]
    public async Task ScoreBatchAsync_DeadlineCatchesQueuedAndRunningItems_AnswersRequestTimeout()
    {
        var env = new DelegateEnvironment(async (problem, _, context) =>
        {
            if (problem.Id != "p-fast")
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            return Reward.Scored(1, Reasons.Correct);
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 1, MaxAttempts = 1 });
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var items = await engine.ScoreBatchAsync([(env, Request("fast")), (env, Request("slow")), (env, Request("queued"))], deadline.Token);

        Assert.Equal(["fast", "slow", "queued"], items.Select(i => i.Id));
        Assert.Equal(Outcome.Scored, items[0].Reward.Outcome);
        Assert.All(items[1..], i => Assert.Equal((Outcome.InfraError, Reasons.RequestTimeout), (i.Reward.Outcome, i.Reward.Reason)));
        Assert.Equal(0, items[2].Attempts);
        Assert.Equal(0, engine.Running);
    }

    [Fact]
    public async Task AdmitAsync_QueueFull_WaitsForARelease()
    {
        var engine = new ScoringEngine(new ScoringOptions { QueueCapacity = 3 });
        Assert.True(engine.TryAdmit(2));
        Assert.False(engine.TryAdmit(2));

        var waiting = engine.AdmitAsync(2, CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        engine.Release(2);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, engine.Admitted);
        using var hold = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.False(await engine.AdmitAsync(2, hold.Token));
    }

    [Fact]
    public async Task ScoreAsyncAndScoreBatchAsync_OneEngine_ShareItsParallelism()
    {
        int current = 0;
        int peak = 0;
        var env = new DelegateEnvironment(async (_, _, _) =>
        {
            int now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref current);
            return Reward.Scored(1, Reasons.Correct);
        });
        var engine = new ScoringEngine(new ScoringOptions { MaxDegreeOfParallelism = 3 });

        await Task.WhenAll(
            engine.ScoreAsync(env, [.. Enumerable.Range(0, 30).Select(i => Request("e" + i))]),
            engine.ScoreBatchAsync([.. Enumerable.Range(0, 30).Select(i => ((IEnvironment)env, Request("s" + i)))], CancellationToken.None));

        Assert.InRange(peak, 1, 3);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class SyncProgress(List<ScoringProgress> reports) : IProgress<ScoringProgress>
    {
        public void Report(ScoringProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
