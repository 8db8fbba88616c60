using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rlvr.Server;

/// <summary>
/// Recent scored rewards per group (the samples of one prompt), for protocols that have no skip. An item the
/// server could not judge is answered with the mean of its scored siblings: under the group estimators trainers
/// use (GRPO group_norm, RLOO, REINFORCE with a group baseline, Dr. GRPO) a reward equal to the mean of the
/// others has an advantage of exactly 0, so the sample neither pushes nor pulls the policy.
/// </summary>
internal sealed class GroupBaselines(TimeSpan window)
{
    private readonly ConcurrentDictionary<string, Group> groups = new(StringComparer.Ordinal);
    private long lastSweep = Stopwatch.GetTimestamp();

    /// <summary>Records a scored reward of <paramref name="key"/> and wakes anyone waiting for it.</summary>
    public void Record(string key, double reward)
    {
        var group = groups.GetOrAdd(key, static _ => new Group());
        group.Add(reward);
        Sweep();
    }

    /// <summary>
    /// The mean of the scored rewards of <paramref name="key"/>, waiting up to <paramref name="wait"/> for a first
    /// one (the siblings of a sample are usually scored at the same moment); <see langword="null"/> when none came.
    /// </summary>
    public async Task<double?> MeanAsync(string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var group = groups.GetOrAdd(key, static _ => new Group());
        if (group.Mean() is double mean)
        {
            return mean;
        }

        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        try
        {
            await group.FirstAdded.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        return group.Mean();
    }

    private void Sweep()
    {
        long last = Volatile.Read(ref lastSweep);
        if (Stopwatch.GetElapsedTime(last) < window || Interlocked.CompareExchange(ref lastSweep, Stopwatch.GetTimestamp(), last) != last)
        {
            return;
        }

        foreach (var (key, group) in groups)
        {
            if (Stopwatch.GetElapsedTime(group.Created) > window)
            {
                groups.TryRemove(key, out _);
            }
        }
    }

    private sealed class Group
    {
        private readonly Lock gate = new();
        private readonly TaskCompletionSource firstAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private double sum;
        private int count;

        public long Created { get; } = Stopwatch.GetTimestamp();

        public Task FirstAdded => firstAdded.Task;

        public void Add(double reward)
        {
            lock (gate)
            {
                sum += reward;
                count++;
            }

            firstAdded.TrySetResult();
        }

        public double? Mean()
        {
            lock (gate)
            {
                return count == 0 ? null : sum / count;
            }
        }
    }
}
