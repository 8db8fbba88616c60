using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Core.Scoring;

/// <summary>
/// Scores batches of completions with bounded parallelism. Each item has one deadline that covers the whole
/// scoring; only infrastructure errors are retried; a verifier that throws or overruns becomes
/// <see cref="Outcome.InfraError"/>, never a 0; results come back in input order.
/// </summary>
public sealed class ScoringEngine
{
    private readonly ScoringOptions options;
    private readonly ISandboxProvider? sandboxes;
    private readonly IScoreCache? cache;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates an engine.</summary>
    /// <param name="options">Parallelism, deadline and retries; defaults when <see langword="null"/>.</param>
    /// <param name="sandboxes">Sandboxes handed to verifiers through the context.</param>
    /// <param name="cache">An optional score cache.</param>
    /// <param name="loggerFactory">Logging; none when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    public ScoringEngine(
        ScoringOptions? options = null,
        ISandboxProvider? sandboxes = null,
        IScoreCache? cache = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        this.options = options ?? new ScoringOptions();
        this.options.Validate();
        this.sandboxes = sandboxes;
        this.cache = cache;
        logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Rlvr.Scoring");
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The options in force.</summary>
    public ScoringOptions Options => options;

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

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < requests.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = await ScoreOneAsync(environment, requests[index], cancellationToken).ConfigureAwait(false);
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

    /// <summary>Scores one item under its deadline, with retries for infrastructure errors.</summary>
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

        ScoreKey key = default;
        if (cache is not null)
        {
            key = KeyFor(environment, request);
            if (await cache.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                return new ScoredItem(request.Id, cached, timeProvider.GetElapsedTime(start), 0, FromCache: true);
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.ItemTimeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(options.ItemTimeout);
        }

        var context = new ScoringContext(request.Id, deadline.Token, timeProvider, sandboxes, logger);
        Reward reward;
        int attempt = 0;
        while (true)
        {
            attempt++;
            reward = await AttemptAsync(environment, request, context, deadline, cancellationToken).ConfigureAwait(false);
            if (reward.Outcome != Outcome.InfraError || attempt >= options.MaxAttempts || deadline.IsCancellationRequested)
            {
                break;
            }

            logger.LogDebug("Item {Id}: attempt {Attempt} failed ({Reason}); retrying.", request.Id, attempt, reward.Reason);
            try
            {
                await Task.Delay(options.RetryDelay * (1 << (attempt - 1)), timeProvider, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (cache is not null && reward.Outcome != Outcome.InfraError)
        {
            await cache.SetAsync(key, reward, cancellationToken).ConfigureAwait(false);
        }

        return new ScoredItem(request.Id, reward, timeProvider.GetElapsedTime(start), attempt, FromCache: false);
    }

    /// <summary>The cache key of a request: environment, version, problem id (or content hash), completion hash.</summary>
    /// <param name="environment">The environment.</param>
    /// <param name="request">The request.</param>
    public static ScoreKey KeyFor(IEnvironment environment, ScoringRequest request)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(request);
        string problemKey = request.ProblemId
            ?? environment.GetProblemId(request.Problem)
            ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request.Problem, environment.ProblemType, RlvrJson.Options)));
        return new ScoreKey(environment.Name, environment.Version, problemKey, request.Completion.ComputeHash());
    }

    private static async ValueTask<Reward> AttemptAsync(
        IEnvironment environment,
        ScoringRequest request,
        ScoringContext context,
        CancellationTokenSource deadline,
        CancellationToken cancellationToken)
    {
        try
        {
            var pending = environment.ScoreAsync(request.Problem, request.Completion, context);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            var task = pending.AsTask();
            try
            {
                // WaitAsync cuts a verifier that ignores its token at the deadline; the batch goes on.
                return await task.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!task.IsCompleted)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Reward.InfraError(Reasons.VerifierTimeout, "Scoring did not finish before the item's deadline.");
        }
        catch (SandboxException ex)
        {
            return Reward.InfraError(ex.Reason, ex.Message);
        }
        catch (Exception ex)
        {
            return Reward.InfraError(Reasons.ExceptionPrefix + ex.GetType().Name, ex.Message);
        }
    }
}
