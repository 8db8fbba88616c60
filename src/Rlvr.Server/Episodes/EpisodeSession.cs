using Rlvr.Core;
using Rlvr.Core.Episodes;

namespace Rlvr.Server.Episodes;

/// <summary>
/// One live episode served over the wire: the environment, the bundled problem it runs on, the episode (which holds
/// the sandbox), and what a client may see of it. Operations run one at a time; disposing releases the sandbox.
/// </summary>
internal sealed class EpisodeSession : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly CancellationTokenSource lifetime = new();
    private readonly TimeProvider clock;
    private int disposed;

    public EpisodeSession(string id, IEnvironment environment, string problemId, object problem, TimeProvider clock, Core.Sandboxing.ISandboxProvider? sandboxes, Microsoft.Extensions.Logging.ILogger logger)
    {
        Id = id;
        Environment = environment;
        ProblemId = problemId;
        this.clock = clock;
        LastActivity = clock.GetTimestamp();
        Episode = environment.CreateEpisode(problem, new ScoringContext(id + "/" + problemId, lifetime.Token, clock, sandboxes, logger));
    }

    public string Id { get; }

    public IEnvironment Environment { get; }

    public string ProblemId { get; }

    public IEpisode Episode { get; }

    public long LastActivity { get; private set; }

    public int StepCount { get; private set; }

    public bool Started { get; private set; }

    public StepResult? Last { get; private set; }

    /// <summary>The reward of the step that ended the episode, or the last reward any step gave.</summary>
    public Reward? FinalReward { get; private set; }

    public bool Done => Last?.Done ?? false;

    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    public void Touch() => LastActivity = clock.GetTimestamp();

    /// <summary>Time since the last operation ended; zero while one runs (a long step is not idleness).</summary>
    public TimeSpan IdleFor => gate.CurrentCount == 0 ? TimeSpan.Zero : clock.GetElapsedTime(LastActivity);

    public async Task<Observation> ResetAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await RunAsync(
            async token =>
            {
                var observation = await Episode.ResetAsync(token).ConfigureAwait(false);
                (Started, StepCount, Last, FinalReward) = (true, 0, null, null);
                return observation;
            },
            timeout,
            cancellationToken).ConfigureAwait(false);

    public async Task<StepResult> StepAsync(EpisodeAction action, TimeSpan timeout, CancellationToken cancellationToken) =>
        await RunAsync(
            async token =>
            {
                if (!Started)
                {
                    throw new InvalidOperationException("the episode has not been reset; send reset first");
                }

                if (Done)
                {
                    throw new InvalidOperationException("the episode has ended; send reset to start another");
                }

                var result = await Episode.StepAsync(action, token).ConfigureAwait(false);
                StepCount++;
                Last = result;
                FinalReward = result.Reward ?? FinalReward;
                return result;
            },
            timeout,
            cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await lifetime.CancelAsync().ConfigureAwait(false);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Episode.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
            lifetime.Dispose();
        }
    }

    private async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.Token);
        linked.CancelAfter(timeout);
        await gate.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            Touch();
            return await work(linked.Token).ConfigureAwait(false);
        }
        finally
        {
            Touch();
            gate.Release();
        }
    }
}
