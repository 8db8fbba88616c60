using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Core.Scoring.Pipeline;

/// <summary>
/// The innermost verifier: one attempt at an item. It creates a fresh <see cref="ScoringContext"/> (so every attempt
/// sees the same seeded random stream), calls the environment, and turns whatever escapes into a reward: a
/// <see cref="SandboxException"/> into <see cref="Outcome.InfraError"/> with its reason, any other exception into
/// <c>exception:&lt;Type&gt;</c>, the token's cancellation into <c>verifier_timeout</c> (a verifier that ignores its
/// token is cut there and left to finish unobserved).
/// </summary>
public sealed class EnvironmentVerifier : IItemVerifier
{
    private readonly ISandboxProvider? sandboxes;
    private readonly ILogger? logger;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates the verifier.</summary>
    /// <param name="sandboxes">Sandboxes handed to verifiers through the context.</param>
    /// <param name="logger">The logger verifiers get through the context.</param>
    /// <param name="timeProvider">The clock verifiers get through the context; the system clock when <see langword="null"/>.</param>
    public EnvironmentVerifier(ISandboxProvider? sandboxes = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        this.sandboxes = sandboxes;
        this.logger = logger;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async ValueTask<ScoredItem> ScoreAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(request);
        long start = timeProvider.GetTimestamp();
        var reward = await AttemptAsync(environment, request, cancellationToken).ConfigureAwait(false);
        return new ScoredItem(request.Id, reward, timeProvider.GetElapsedTime(start), Attempts: 1, FromCache: false);
    }

    private async ValueTask<Reward> AttemptAsync(IEnvironment environment, ScoringRequest request, CancellationToken cancellationToken)
    {
        var context = new ScoringContext(request.Id, cancellationToken, timeProvider, sandboxes, logger);
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
                return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!task.IsCompleted)
            {
                _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The deadline or the caller: the caller's own cancellation is rethrown by whoever owns its token.
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
