using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rlvr.Core;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server.Episodes;

/// <summary>
/// The live episodes of a server, shared by the OpenEnv (HTTP and WebSocket) and NeMo-Gym session endpoints: at most
/// <see cref="Capacity"/> at once; one idle longer than the idle timeout is closed by a reaper; closing releases the
/// episode's sandbox. Stopping the server closes them all.
/// </summary>
internal sealed class EpisodeSessions : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EpisodeSession> sessions = new(StringComparer.Ordinal);
    private readonly TimeProvider clock;
    private readonly ISandboxProvider? sandboxes;
    private readonly ILogger logger;
    private readonly ITimer reaper;
    private int reserved;

    public EpisodeSessions(int capacity, TimeSpan idleTimeout, TimeProvider clock, ISandboxProvider? sandboxes, ILogger logger)
    {
        Capacity = capacity;
        IdleTimeout = idleTimeout;
        this.clock = clock;
        this.sandboxes = sandboxes;
        this.logger = logger;
        var period = TimeSpan.FromTicks(Math.Clamp(idleTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(5).Ticks));
        reaper = clock.CreateTimer(_ => _ = ReapAsync(), null, period, period);
    }

    public int Capacity { get; }

    public TimeSpan IdleTimeout { get; }

    public int Active => Volatile.Read(ref reserved);

    /// <summary>This replica's name: the prefix (before a dot) of the session ids it issues; none when <see langword="null"/>.</summary>
    public string? ReplicaId { get; init; }

    /// <summary>A fresh session id: <c>{replica}.{32 hex}</c>, or 32 hex digits without a replica id.</summary>
    public string NewId()
    {
        string random = Guid.NewGuid().ToString("N");
        return ReplicaId is null ? random : ReplicaId + "." + random;
    }

    /// <summary>
    /// Throws 421 (Misdirected Request) when <paramref name="id"/> carries another replica's prefix: the load balancer
    /// sent a session's request to a replica that does not hold it (docs/scale-out.md has the routing settings).
    /// </summary>
    public void EnsureOwned(string id, string field)
    {
        int dot = id.IndexOf('.', StringComparison.Ordinal);
        if (ReplicaId is null || dot <= 0)
        {
            return;
        }

        string owner = id[..dot];
        if (!string.Equals(owner, ReplicaId, StringComparison.Ordinal))
        {
            throw new RequestException(
                StatusCodes.Status421MisdirectedRequest,
                field,
                $"episode '{id}' belongs to replica '{owner}', and this is replica '{ReplicaId}': route episode requests by the session id's prefix before the first '.' (see docs/scale-out.md)");
        }
    }

    /// <summary>Opens a session, or returns <see langword="null"/> when <see cref="Capacity"/> sessions are live.</summary>
    public EpisodeSession? TryOpen(string id, IEnvironment environment, string problemId, object problem)
    {
        if (Interlocked.Increment(ref reserved) > Capacity)
        {
            Interlocked.Decrement(ref reserved);
            return null;
        }

        try
        {
            var session = new EpisodeSession(id, environment, problemId, problem, clock, sandboxes, logger);
            if (!sessions.TryAdd(id, session))
            {
                throw new InvalidOperationException($"episode '{id}' is already open");
            }

            return session;
        }
        catch
        {
            Interlocked.Decrement(ref reserved);
            throw;
        }
    }

    public bool TryGet(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EpisodeSession? session)
    {
        if (sessions.TryGetValue(id, out session) && !session.IsDisposed)
        {
            session.Touch();
            return true;
        }

        session = null;
        return false;
    }

    /// <summary>Closes a session and releases its sandbox; false when there is none by that id.</summary>
    public async Task<bool> CloseAsync(string id)
    {
        if (!sessions.TryRemove(id, out var session))
        {
            return false;
        }

        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Closing episode {Id} failed", id);
        }
        finally
        {
            Interlocked.Decrement(ref reserved);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await reaper.DisposeAsync().ConfigureAwait(false);
        foreach (string id in sessions.Keys.ToList())
        {
            await CloseAsync(id).ConfigureAwait(false);
        }
    }

    private async Task ReapAsync()
    {
        foreach (var (id, session) in sessions)
        {
            if (session.IdleFor > IdleTimeout)
            {
                logger.LogInformation("Episode {Id} idle for {Idle:0.#} s: closed", id, session.IdleFor.TotalSeconds);
                await CloseAsync(id).ConfigureAwait(false);
            }
        }
    }
}
