using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Server;

/// <summary>
/// Per-client limits: items in flight (admitted, queued or running) and sandboxes held, per client. A client is the
/// bearer token it was admitted with, else its remote address. The server enters a request's client once
/// (<see cref="Enter"/>, around the whole request); admission counts its items (<see cref="TryAdmitItems"/>,
/// <see cref="AdmitItemsAsync"/>), and <see cref="Wrap"/>ped sandbox providers count the leases taken in that flow —
/// by scored items, <c>/run_code</c> programs and episode sessions alike — until each lease is disposed, whichever
/// flow disposes it. A <see langword="null"/> limit means none. Self-contained: it knows no endpoint and no queue.
/// </summary>
internal sealed class ClientLimiter
{
    private static readonly AsyncLocal<string?> CurrentClient = new();

    private readonly object sync = new();
    private readonly Dictionary<string, Entry> clients = new(StringComparer.Ordinal);
    private long sandboxWaits;

    /// <param name="maxItems">Items one client may have in flight; <see langword="null"/> for no per-client limit.</param>
    /// <param name="maxSandboxes">Sandboxes one client may hold; <see langword="null"/> for no per-client limit.</param>
    public ClientLimiter(int? maxItems, int? maxSandboxes)
    {
        MaxItems = maxItems;
        MaxSandboxes = maxSandboxes;
    }

    /// <summary>The client of the request this flow serves, or <see langword="null"/> outside a request.</summary>
    public static string? Current => CurrentClient.Value;

    public int? MaxItems { get; }

    public int? MaxSandboxes { get; }

    /// <summary>Clients with items in flight or sandboxes held.</summary>
    public int ActiveClients
    {
        get
        {
            lock (sync)
            {
                return clients.Count;
            }
        }
    }

    /// <summary>Sandbox leases that had to wait for one of their own client's leases to end.</summary>
    public long SandboxWaits => Interlocked.Read(ref sandboxWaits);

    /// <summary>
    /// The client a request is counted against: its bearer token when the server checks one (the token passed the
    /// check before this is asked, so a client cannot invent tokens to get fresh budgets), else its remote address.
    /// The token is kept only as a hash prefix, so it never reaches a log or a metric.
    /// </summary>
    public static string Identify(HttpContext context, string? presentedToken)
    {
        if (presentedToken is not null)
        {
            return "token:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(presentedToken)))[..16];
        }

        return "addr:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>Makes <paramref name="client"/> the current client of this flow until disposed.</summary>
    public static IDisposable Enter(string client)
    {
        string? previous = CurrentClient.Value;
        CurrentClient.Value = client;
        return new Scope(previous);
    }

    /// <summary>Whether a batch of <paramref name="count"/> items can ever be admitted for one client.</summary>
    public bool BatchFits(int count) => MaxItems is not { } max || count <= max;

    /// <summary>Counts <paramref name="count"/> items against <paramref name="client"/> when they fit its limit.</summary>
    public bool TryAdmitItems(string client, int count)
    {
        lock (sync)
        {
            var entry = GetEntry(client);
            if (MaxItems is { } max && entry.Items + count > max)
            {
                Forget(client, entry);
                return false;
            }

            entry.Items += count;
            return true;
        }
    }

    /// <summary>
    /// Counts <paramref name="count"/> items against <paramref name="client"/> as soon as its own earlier items leave
    /// room; <see langword="false"/> when <paramref name="hold"/> ends first.
    /// </summary>
    public Task<bool> AdmitItemsAsync(string client, int count, CancellationToken hold) =>
        WaitAsync(client, entry => entry.Items + count <= (MaxItems ?? int.MaxValue), entry => entry.Items += count, hold);

    /// <summary>Ends the count of <paramref name="count"/> items of <paramref name="client"/>.</summary>
    public void ReleaseItems(string client, int count) => Release(client, entry => entry.Items -= count);

    /// <summary>Whether <paramref name="client"/> holds as many sandboxes as it may (a new episode would need one more).</summary>
    public bool SandboxesFull(string client)
    {
        if (MaxSandboxes is not { } max)
        {
            return false;
        }

        lock (sync)
        {
            return clients.TryGetValue(client, out var entry) && entry.Sandboxes >= max;
        }
    }

    /// <summary>Sandboxes <paramref name="client"/> holds now.</summary>
    public int SandboxesHeld(string client)
    {
        lock (sync)
        {
            return clients.TryGetValue(client, out var entry) ? entry.Sandboxes : 0;
        }
    }

    /// <summary>Items <paramref name="client"/> has in flight now.</summary>
    public int ItemsInFlight(string client)
    {
        lock (sync)
        {
            return clients.TryGetValue(client, out var entry) ? entry.Items : 0;
        }
    }

    /// <summary>A provider whose leases taken within a client's flow count against that client (and wait at its limit).</summary>
    public ISandboxProvider? Wrap(ISandboxProvider? inner) => inner is null ? null : new CountingProvider(this, inner);

    private Entry GetEntry(string client)
    {
        if (!clients.TryGetValue(client, out var entry))
        {
            entry = new Entry();
            clients[client] = entry;
        }

        return entry;
    }

    private async Task<bool> WaitAsync(string client, Func<Entry, bool> fits, Action<Entry> take, CancellationToken hold)
    {
        while (true)
        {
            Task released;
            lock (sync)
            {
                var entry = GetEntry(client);
                if (fits(entry))
                {
                    take(entry);
                    return true;
                }

                entry.Waiters++;
                released = entry.Released.Task;
            }

            try
            {
                await released.WaitAsync(hold).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hold.IsCancellationRequested)
            {
                return false;
            }
            finally
            {
                lock (sync)
                {
                    var entry = GetEntry(client);
                    entry.Waiters--;
                    Forget(client, entry);
                }
            }
        }
    }

    private void Release(string client, Action<Entry> give)
    {
        TaskCompletionSource released;
        lock (sync)
        {
            var entry = GetEntry(client);
            give(entry);
            released = entry.Released;
            entry.Released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Forget(client, entry);
        }

        released.TrySetResult();
    }

    /// <summary>Drops an entry nobody counts on, so clients that come and go (or vary their address) cost no memory.</summary>
    private void Forget(string client, Entry entry)
    {
        if (entry.Items == 0 && entry.Sandboxes == 0 && entry.Waiters == 0)
        {
            clients.Remove(client);
        }
    }

    private sealed class Entry
    {
        public int Items;
        public int Sandboxes;
        public int Waiters;
        public TaskCompletionSource Released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => CurrentClient.Value = previous;
    }

    private sealed class CountingProvider(ClientLimiter limiter, ISandboxProvider inner) : ISandboxProvider
    {
        public async ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
        {
            if (Current is not { } client)
            {
                return await inner.AcquireAsync(spec, cancellationToken).ConfigureAwait(false);
            }

            int max = limiter.MaxSandboxes ?? int.MaxValue;
            bool counted;
            lock (limiter.sync)
            {
                var entry = limiter.GetEntry(client);
                counted = entry.Sandboxes < max;
                if (counted)
                {
                    entry.Sandboxes++;
                }
            }

            if (!counted)
            {
                // The client's own leases are the ones to wait for: other clients keep being served meanwhile.
                Interlocked.Increment(ref limiter.sandboxWaits);
                if (!await limiter.WaitAsync(client, e => e.Sandboxes < max, e => e.Sandboxes++, cancellationToken).ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            try
            {
                return new CountedSandbox(limiter, client, await inner.AcquireAsync(spec, cancellationToken).ConfigureAwait(false));
            }
            catch
            {
                limiter.Release(client, e => e.Sandboxes--);
                throw;
            }
        }
    }

    private sealed class CountedSandbox(ClientLimiter limiter, string client, ISandbox inner) : ISandbox
    {
        private int disposed;

        public string Id => inner.Id;

        public SandboxSpec Spec => inner.Spec;

        public ValueTask<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default) =>
            inner.ExecAsync(request, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }

            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                limiter.Release(client, e => e.Sandboxes--);
            }
        }
    }
}
