using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core.Sandboxing;
using Rlvr.Core.Scoring.Pipeline;

namespace Rlvr.Core.Scoring;

/// <summary>
/// The one scheduler of scoring, for a batch run (<c>rlvr eval</c>) and a server alike: bounded parallelism shared by
/// every caller, admission with back-pressure up to <see cref="ScoringOptions.QueueCapacity"/>, and batch deadlines
/// that answer the items they catch instead of failing the batch. Each item goes through a verifier pipeline
/// (<see cref="CreatePipeline"/>: metrics, logging, cache, one item deadline, retries of infrastructure errors, then
/// the environment); a verifier that throws or overruns becomes <see cref="Outcome.InfraError"/>, never a 0; results
/// come back in input order.
/// </summary>
public sealed class ScoringEngine
{
    private readonly ScoringOptions options;
    private readonly IItemVerifier verifier;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim slots;
    private TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int admitted;
    private int running;

    /// <summary>Creates an engine with the default pipeline (<see cref="CreatePipeline"/>).</summary>
    /// <param name="options">Parallelism, deadline and retries; defaults when <see langword="null"/>.</param>
    /// <param name="sandboxes">Sandboxes handed to verifiers through the context.</param>
    /// <param name="cache">An optional score cache.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of deadlines, retry delays and verifiers; the system clock when <see langword="null"/>.</param>
    public ScoringEngine(
        ScoringOptions? options = null,
        ISandboxProvider? sandboxes = null,
        IScoreCache? cache = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
        : this(options, CreatePipeline(Validated(options), sandboxes, cache, loggerFactory, timeProvider).Build(), timeProvider)
    {
    }

    /// <summary>Creates an engine that scores every item with <paramref name="verifier"/> (a pipeline the host composed).</summary>
    /// <param name="options">Parallelism and queue capacity (the pipeline owns deadline and retries); defaults when <see langword="null"/>.</param>
    /// <param name="verifier">The pipeline.</param>
    /// <param name="timeProvider">The clock elapsed times are measured on; the system clock when <see langword="null"/>.</param>
    public ScoringEngine(ScoringOptions? options, IItemVerifier verifier, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        this.options = Validated(options);
        this.verifier = verifier;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        slots = new SemaphoreSlim(this.options.MaxDegreeOfParallelism, this.options.MaxDegreeOfParallelism);
    }

    /// <summary>The options in force.</summary>
    public ScoringOptions Options => options;

    /// <summary>Items admitted (<see cref="TryAdmit"/>, <see cref="AdmitAsync"/>) and not yet released.</summary>
    public int Admitted => Volatile.Read(ref admitted);

    /// <summary>Items (and <see cref="RunInSlotAsync"/> work) running right now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>
    /// The default pipeline, outermost first: metrics, logging, the cache (when given), one deadline of
    /// <see cref="ScoringOptions.ItemTimeout"/> over every attempt, retries of infrastructure errors, then the
    /// environment (<see cref="EnvironmentVerifier"/>). A policy the caller adds with <see cref="VerifierBuilder.Use"/>
    /// goes inside the retries, around each attempt.
    /// </summary>
    /// <param name="options">Deadline and retries.</param>
    /// <param name="sandboxes">Sandboxes handed to verifiers.</param>
    /// <param name="cache">An optional score cache.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>Rlvr.Scoring</c> meter (a host's, with dependency injection); a process-wide meter when <see langword="null"/>.</param>
    /// <returns>The builder, for more policies or <see cref="VerifierBuilder.Build"/>.</returns>
    public static VerifierBuilder CreatePipeline(
        ScoringOptions options,
        ISandboxProvider? sandboxes = null,
        IScoreCache? cache = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rlvr.Scoring");
        var builder = new VerifierBuilder(new EnvironmentVerifier(sandboxes, logger, timeProvider))
            .UseMetrics(meterFactory, timeProvider)
            .UseLogging(logger);
        if (cache is not null)
        {
            builder.UseCache(cache);
        }

        return builder
            .UseTimeout(options.ItemTimeout, timeProvider)
            .UseRetry(options.MaxAttempts, options.RetryDelay, timeProvider, logger);
    }

    /// <summary>Scores a batch; results are in the order of <paramref name="requests"/>.</summary>
    /// <param name="environment">The environment whose rubric scores the items.</param>
    /// <param name="requests">The items.</param>
    /// <param name="progress">Told after each item.</param>
    /// <param name="cancellationToken">Cancels the batch; running verifiers see it and sandboxes are released.</param>
    /// <exception cref="OperationCanceledException">The batch was cancelled.</exception>
    public async Task<ScoredItem[]> ScoreAsync(
        IEnvironment environment,
        IReadOnlyList<ScoringRequest> requests,
        IProgress<ScoringProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(requests);
        var results = new ScoredItem[requests.Count];
        int next = -1;
        int completed = 0;

        // At most the engine's parallelism of workers claim items in order, so a large file never becomes a task per
        // line; each scores in one of the engine's shared slots.
        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await EnterSlotAsync(cancellationToken).ConfigureAwait(false);
                ScoredItem item;
                try
                {
                    item = await ScoreOneAsync(environment, requests[index], cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ExitSlot();
                }

                results[index] = item;
                int done = Interlocked.Increment(ref completed);
                progress?.Report(new ScoringProgress(done, requests.Count, item));
            }
        }

        int workers = Math.Min(options.MaxDegreeOfParallelism, requests.Count);
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            tasks[w] = Task.Run(WorkerAsync, CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Scores admitted items of any environments, in order, each in one of the engine's shared slots. Items
    /// <paramref name="deadline"/> catches, queued or running, are answered <see cref="Outcome.InfraError"/>
    /// <see cref="Reasons.RequestTimeout"/>, so every item gets exactly one answer and nothing is thrown.
    /// </summary>
    /// <param name="items">The items with their environments.</param>
    /// <param name="deadline">The batch's deadline (a server request's, for example).</param>
    /// <returns>The scored items, in the order of <paramref name="items"/>.</returns>
    public async Task<ScoredItem[]> ScoreBatchAsync(IReadOnlyList<(IEnvironment Environment, ScoringRequest Request)> items, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(items);
        var tasks = new Task<ScoredItem>[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            tasks[i] = ScoreBeforeAsync(items[i].Environment, items[i].Request, deadline);
        }

        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Scores one item through the pipeline (deadline, retries, cache), outside the engine's slots.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="request">The item.</param>
    /// <param name="cancellationToken">Cancels the item (not a timeout: the exception propagates).</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ScoredItem> ScoreOneAsync(
        IEnvironment environment,
        ScoringRequest request,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(request);
        long start = timeProvider.GetTimestamp();
        ScoredItem item;
        try
        {
            item = await verifier.ScoreAsync(environment, request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A policy a host added failed; the item still gets an answer that never trains.
            item = new ScoredItem(request.Id, Reward.InfraError(Reasons.ExceptionPrefix + ex.GetType().Name, ex.Message), TimeSpan.Zero, 1, FromCache: false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return item with { Elapsed = timeProvider.GetElapsedTime(start) };
    }

    /// <summary>Admits <paramref name="count"/> items when they fit in <see cref="ScoringOptions.QueueCapacity"/>; the caller must <see cref="Release"/> the same count.</summary>
    /// <param name="count">Items.</param>
    /// <returns>Whether they were admitted.</returns>
    public bool TryAdmit(int count)
    {
        while (true)
        {
            int current = Volatile.Read(ref admitted);
            if ((long)current + count > options.QueueCapacity)
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
    /// Admits <paramref name="count"/> items as soon as they fit, waiting for other callers to release theirs
    /// (back-pressure delays a batch instead of refusing it); <see langword="false"/> when <paramref name="hold"/> ends first.
    /// </summary>
    /// <param name="count">Items.</param>
    /// <param name="hold">How long to wait.</param>
    /// <returns>Whether they were admitted.</returns>
    public async ValueTask<bool> AdmitAsync(int count, CancellationToken hold)
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

    /// <summary>Releases items admitted earlier and wakes callers waiting in <see cref="AdmitAsync"/>.</summary>
    /// <param name="count">Items.</param>
    public void Release(int count)
    {
        Interlocked.Add(ref admitted, -count);
        Interlocked.Exchange(ref released, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one of the engine's shared slots (scored items and other sandboxed work, such as
    /// a server's <c>/run_code</c>, share the parallelism), waiting for one until <paramref name="wait"/> ends.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work, given <paramref name="deadline"/>.</param>
    /// <param name="wait">Ends the wait for a slot.</param>
    /// <param name="deadline">Passed to <paramref name="work"/>.</param>
    /// <returns>The work's result.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="wait"/> ended before a slot was free.</exception>
    public async Task<T> RunInSlotAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken wait, CancellationToken deadline)
    {
        ArgumentNullException.ThrowIfNull(work);
        await EnterSlotAsync(wait).ConfigureAwait(false);
        try
        {
            return await work(deadline).ConfigureAwait(false);
        }
        finally
        {
            ExitSlot();
        }
    }

    /// <summary>
    /// The cache key of a request: environment, version (with the fingerprint of the options it was built with, if
    /// any), problem id (or content hash), completion hash.
    /// </summary>
    /// <param name="environment">The environment.</param>
    /// <param name="request">The request.</param>
    public static ScoreKey KeyFor(IEnvironment environment, ScoringRequest request)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(request);
        string problemKey = request.ProblemId
            ?? environment.GetProblemId(request.Problem)
            ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request.Problem, environment.ProblemType, RlvrJson.Options)));
        string options = EnvironmentRegistry.OptionsFingerprint(environment);
        string version = options.Length == 0 ? environment.Version : environment.Version + "+options." + options;
        return new ScoreKey(environment.Name, version, problemKey, request.Completion.ComputeHash());
    }

    private async Task<ScoredItem> ScoreBeforeAsync(IEnvironment environment, ScoringRequest request, CancellationToken deadline)
    {
        long start = timeProvider.GetTimestamp();
        try
        {
            await EnterSlotAsync(deadline).ConfigureAwait(false);
            try
            {
                return await ScoreOneAsync(environment, request, deadline).ConfigureAwait(false);
            }
            finally
            {
                ExitSlot();
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new ScoredItem(
                request.Id,
                Reward.InfraError(Reasons.RequestTimeout, "The request's deadline passed before this item was scored."),
                timeProvider.GetElapsedTime(start),
                Attempts: 0,
                FromCache: false);
        }
    }

    private async ValueTask EnterSlotAsync(CancellationToken wait)
    {
        await slots.WaitAsync(wait).ConfigureAwait(false);
        Interlocked.Increment(ref running);
    }

    private void ExitSlot()
    {
        Interlocked.Decrement(ref running);
        slots.Release();
    }

    private static ScoringOptions Validated(ScoringOptions? options)
    {
        options ??= new ScoringOptions();
        options.Validate();
        return options;
    }
}
