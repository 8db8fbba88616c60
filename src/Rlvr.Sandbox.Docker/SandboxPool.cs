using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>
/// Containers of one spec: some started ahead of demand, handed out one at a time, cleaned (every process but
/// PID 1 killed, SysV IPC objects removed, <c>/tmp</c>, <c>/dev/shm</c> and <c>/dev/mqueue</c> wiped) before reuse, or destroyed after too many uses or any anomaly.
/// </summary>
internal sealed class SandboxPool
{
    /// <summary>
    /// Kills what is left of one user's processes and deletes its files. <c>kill -1</c> succeeds whenever another
    /// process exists (PID 1 counts), so the loop instead looks for /proc entries the user owns, with shell builtins
    /// only (no fork that would count itself); zombies vanish as docker-init reaps them.
    /// </summary>
    private const string CleanupScript =
        "i=0; while :; do kill -9 -1 2>/dev/null; n=0; " +
        "for d in /proc/[0-9]*; do [ \"${d#/proc/}\" = \"$$\" ] || { [ -O \"$d\" ] && n=$((n+1)); }; done; " +
        "[ $n -eq 0 ] && break; i=$((i+1)); [ $i -ge 100 ] && exit 3; sleep 0.01; done; " +
        "ipcrm --all 2>/dev/null; find /tmp /dev/shm /dev/mqueue -mindepth 1 -delete 2>/dev/null; ";

    /// <summary>Checks that no file is left in the writable places (run by the last user cleaned).</summary>
    private const string VerifyScript =
        "[ -z \"$(find /tmp /dev/shm /dev/mqueue -mindepth 1 -print 2>/dev/null | head -n 1)\" ] || exit 4; " +
        "[ \"$(cat /proc/sysvipc/shm /proc/sysvipc/sem /proc/sysvipc/msg 2>/dev/null | grep -c .)\" -le 3 ] || exit 5; exit 0";

    private readonly DockerSandboxProvider provider;
    private readonly DockerSandboxOptions options;
    private readonly SandboxPoolOptions poolOptions;
    private readonly Channel<PooledContainer> idle = Channel.CreateUnbounded<PooledContainer>();
    private readonly Lock gate = new();
    private int live;
    private int creating;
    private int idleCount;
    private int waiting;
    private bool closed;

    public SandboxPool(DockerSandboxProvider provider, SandboxSpec spec, SandboxPoolOptions poolOptions, DockerSandboxOptions options)
    {
        this.provider = provider;
        this.options = options;
        this.poolOptions = poolOptions;
        Spec = spec;
    }

    public SandboxSpec Spec { get; }

    /// <summary>Containers alive (idle, in use or being created).</summary>
    public int Live
    {
        get
        {
            lock (gate)
            {
                return live;
            }
        }
    }

    /// <summary>Containers idle and ready.</summary>
    public int Idle => Volatile.Read(ref idleCount);

    public async ValueTask<ISandbox> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (idle.Reader.TryRead(out var ready))
            {
                Interlocked.Decrement(ref idleCount);
                if (!DockerSandboxProvider.IsUsable(ready.Engine))
                {
                    // Its engine stopped answering: the container is as good as gone; look for another.
                    provider.Track(DestroyAsync(ready, "engine down"));
                    continue;
                }

                Refill();
                return Lease(ready);
            }

            bool create;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(closed, this);
                create = live < poolOptions.MaxContainers;
                if (create)
                {
                    live++;
                }
            }

            if (create)
            {
                PooledContainer container;
                try
                {
                    container = await provider.CreateContainerAsync(Spec, poolOptions.UseExecAgent, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    lock (gate)
                    {
                        live--;
                    }

                    throw;
                }

                Refill();
                return Lease(container);
            }

            // At the maximum: wait for a container to come back, or for a replacement of a destroyed one.
            Interlocked.Increment(ref waiting);
            try
            {
                if (!await idle.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    throw new ObjectDisposedException(nameof(SandboxPool));
                }
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
    }

    /// <summary>Starts containers until <see cref="SandboxPoolOptions.MinIdle"/> are idle or being created.</summary>
    public void Refill()
    {
        int toCreate = 0;
        lock (gate)
        {
            int wanted = Math.Max(poolOptions.MinIdle, Volatile.Read(ref waiting));
            while (!closed && Idle + creating + toCreate < wanted && live < poolOptions.MaxContainers)
            {
                live++;
                toCreate++;
            }

            creating += toCreate;
        }

        for (int i = 0; i < toCreate; i++)
        {
            provider.Track(CreateIdleAsync());
        }
    }

    /// <summary>Waits until <see cref="SandboxPoolOptions.MinIdle"/> containers are idle (for warm-up before a batch).</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        Refill();
        while (Idle < poolOptions.MinIdle)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool stuck;
            lock (gate)
            {
                stuck = creating == 0 && Idle < poolOptions.MinIdle;
            }

            if (stuck)
            {
                // A background creation failed; creating one here surfaces the reason.
                var sandbox = await AcquireAsync(cancellationToken).ConfigureAwait(false);
                await sandbox.DisposeAsync().ConfigureAwait(false);
                await provider.WhenBackgroundIdleAsync().ConfigureAwait(false);
            }
            else
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Takes a container back: cleaned and made idle, or destroyed.</summary>
    public void Return(PooledContainer container)
    {
        container.Uses++;
        string? reason = container.Anomaly
            ?? (DockerSandboxProvider.IsUsable(container.Engine) ? null : "engine down")
            ?? (container.Uses >= poolOptions.MaxUsesPerContainer ? "use limit reached" : null)
            ?? (Spec.ReadOnlyRootFilesystem ? null : "writable root filesystem cannot be cleaned");
        bool isClosed;
        lock (gate)
        {
            isClosed = closed;
        }

        if (reason is not null || isClosed)
        {
            provider.Track(DestroyAsync(container, reason ?? "pool closed"));
            return;
        }

        provider.Track(CleanAndReturnAsync(container));
    }

    /// <summary>Stops handing out and removes the idle containers.</summary>
    public async Task CloseAsync()
    {
        lock (gate)
        {
            closed = true;
        }

        idle.Writer.TryComplete();
        while (idle.Reader.TryRead(out var container))
        {
            Interlocked.Decrement(ref idleCount);
            await DestroyAsync(container, "pool closed").ConfigureAwait(false);
        }
    }

    private DockerSandbox Lease(PooledContainer container) => new(container, this, options);

    private async Task CreateIdleAsync()
    {
        try
        {
            var container = await provider.CreateContainerAsync(Spec, poolOptions.UseExecAgent, CancellationToken.None).ConfigureAwait(false);
            lock (gate)
            {
                creating--;
            }

            MakeIdle(container);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            lock (gate)
            {
                creating--;
                live--;
            }

            options.Logger?.LogWarning(ex, "Could not pre-start a sandbox for {Image}: {Message}", Spec.Image, ex.Message);
        }
    }

    /// <summary>Kills the processes and deletes the files of <paramref name="users"/>; marks an anomaly when that fails.</summary>
    internal static async Task CleanAsync(PooledContainer container, IReadOnlyList<string> users, DockerSandboxOptions options)
    {
        try
        {
            for (int i = 0; i < users.Count; i++)
            {
                string script = i == users.Count - 1 ? CleanupScript + VerifyScript : CleanupScript + "exit 0";
                var (code, _) = await ExecRunner.RunHelperAsync(container, users[i], script, options.RequestTimeout).ConfigureAwait(false);
                if (code != 0)
                {
                    container.MarkAnomaly($"cleanup failed (exit {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})");
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            container.MarkAnomaly("cleanup failed: " + ex.Message);
        }
    }

    private async Task CleanAndReturnAsync(PooledContainer container)
    {
        var users = container.Users;
        container.ClearUsers();
        bool keptBackground = container.KeptBackground;
        container.KeptBackground = false;
        if (container.Agent is { } agent)
        {
            // The agent cleans in its own process; commands of other users (run by exec) cannot be cleaned
            // without also killing the agent, so such a container is replaced instead.
            bool onlyAgentUser = users.All(u => string.Equals(u, Spec.User, StringComparison.Ordinal));
            if (!onlyAgentUser || agent.Broken || !await agent.CleanAsync(options.RequestTimeout).ConfigureAwait(false))
            {
                await DestroyAsync(container, onlyAgentUser ? "exec agent could not clean" : "commands ran as another user than the agent").ConfigureAwait(false);
                return;
            }

            MakeIdle(container);
            return;
        }
        if (users.Count == 0 && !keptBackground)
        {
            // Nothing ran in this lease; whatever is pending stays pending.
            MakeIdle(container);
            return;
        }

        if (users.Count == 1 && !keptBackground && container.PendingCleanUser is null)
        {
            // Every command already killed its leftover processes on exit; the files go in the shell of the next
            // lease's first command, which saves an exec per lease.
            container.PendingCleanUser = users.First();
            MakeIdle(container);
            return;
        }

        var toClean = users.ToList();
        if (container.PendingCleanUser is { } pending && !toClean.Contains(pending, StringComparer.Ordinal))
        {
            toClean.Insert(0, pending);
        }

        container.PendingCleanUser = null;
        if (toClean.Count > 0)
        {
            await CleanAsync(container, toClean, options).ConfigureAwait(false);
        }

        if (container.Anomaly is { } reason)
        {
            await DestroyAsync(container, reason).ConfigureAwait(false);
            return;
        }

        MakeIdle(container);
    }

    private void MakeIdle(PooledContainer container)
    {
        bool isClosed;
        lock (gate)
        {
            isClosed = closed;
            if (!isClosed)
            {
                Interlocked.Increment(ref idleCount);
            }
        }

        if (isClosed || !idle.Writer.TryWrite(container))
        {
            if (!isClosed)
            {
                Interlocked.Decrement(ref idleCount);
            }

            provider.Track(DestroyAsync(container, "pool closed"));
        }
    }

    private async Task DestroyAsync(PooledContainer container, string reason)
    {
        options.Logger?.LogDebug("Destroying sandbox {Id}: {Reason}", DockerErrors.Short(container.Id), reason);
        await provider.DestroyContainerAsync(container).ConfigureAwait(false);
        lock (gate)
        {
            live--;
        }

        Refill();
    }
}
