using Rlvr.Core;
using Rlvr.Core.Scoring;

namespace Rlvr.Server;

/// <summary>
/// Admission control and shared parallelism for every endpoint: at most <c>capacity</c> items are admitted
/// (queued or running) at once, at most the engine's parallelism run at once (scored items and <c>/run_code</c>
/// programs alike); a request is admitted as a whole, so a trainer never gets half a batch.
/// </summary>
internal sealed class ScoringQueue(ScoringEngine engine, int capacity)
{
    private readonly SemaphoreSlim slots = new(engine.Options.MaxDegreeOfParallelism, engine.Options.MaxDegreeOfParallelism);
    private TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int admitted;
    private int running;

    public int Capacity => capacity;

    /// <summary>Items admitted and not yet answered.</summary>
    public int Admitted => Volatile.Read(ref admitted);

    /// <summary>Items being scored right now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Admits <paramref name="count"/> items when they fit; the caller must call <see cref="Release"/> with the same count.</summary>
    public bool TryAdmit(int count)
    {
        while (true)
        {
            int current = Volatile.Read(ref admitted);
            if (current + count > capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref admitted, current + count, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Admits <paramref name="count"/> items as soon as they fit, waiting for other requests to release theirs;
    /// <see langword="false"/> when <paramref name="hold"/> ends first. Back-pressure thus delays a request
    /// instead of refusing it.
    /// </summary>
    public async Task<bool> AdmitAsync(int count, CancellationToken hold)
    {
        while (true)
        {
            // Read the signal before trying, so a release between the two wakes this loop.
            var signal = Volatile.Read(ref released);
            if (TryAdmit(count))
            {
                return true;
            }

            try
            {
                await signal.Task.WaitAsync(hold).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hold.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    public void Release(int count)
    {
        Interlocked.Add(ref admitted, -count);
        Interlocked.Exchange(ref released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one of the shared slots, waiting for one until <paramref name="wait"/> ends;
    /// <see cref="OperationCanceledException"/> when it ends first or <paramref name="deadline"/> passes.
    /// </summary>
    public async Task<T> RunInSlotAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken wait, CancellationToken deadline)
    {
        await slots.WaitAsync(wait).ConfigureAwait(false);
        Interlocked.Increment(ref running);
        try
        {
            return await work(deadline).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            slots.Release();
        }
    }

    /// <summary>
    /// Scores admitted items, in order. Items the request deadline catches (queued or running) are answered as
    /// <c>infra_error</c>/<c>request_timeout</c>, so every id gets exactly one answer.
    /// </summary>
    public async Task<ScoredItem[]> ScoreAsync(IReadOnlyList<(IEnvironment Environment, ScoringRequest Request)> items, CancellationToken deadline)
    {
        var tasks = new Task<ScoredItem>[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            tasks[i] = ScoreOneAsync(items[i].Environment, items[i].Request, deadline);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<ScoredItem> ScoreOneAsync(IEnvironment environment, ScoringRequest request, CancellationToken deadline)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await slots.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return TimedOut(request, start);
        }

        Interlocked.Increment(ref running);
        try
        {
            return await engine.ScoreOneAsync(environment, request, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return TimedOut(request, start);
        }
        finally
        {
            Interlocked.Decrement(ref running);
            slots.Release();
        }
    }

    private static ScoredItem TimedOut(ScoringRequest request, long start) => new(
        request.Id,
        Reward.InfraError(ServerReasons.RequestTimeout, "The request's deadline passed before this item was scored."),
        System.Diagnostics.Stopwatch.GetElapsedTime(start),
        Attempts: 0,
        FromCache: false);
}
