using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.X509;

namespace Rlvr.Sandbox.Docker;

/// <summary>One engine: its client (created on first use, never in a constructor), its load and its pending removals.</summary>
internal sealed class EngineConnection : IDisposable
{
    /// <summary>The oldest Engine API this code speaks (Docker 20.10, as Debian bookworm ships).</summary>
    public static readonly System.Version ApiVersion = new(1, 41);

    private readonly Lazy<DockerClient> client;
    private readonly ConcurrentDictionary<string, byte> pendingRemovals = new(StringComparer.Ordinal);
    private int liveContainers;
    private long unreachableUntilTicks;
    private long outages;
    private int placing;

    public EngineConnection(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
        client = new Lazy<DockerClient>(() => Build(endpoint), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DockerEndpoint Endpoint { get; }

    public DockerClient Client => client.Value;

    /// <summary>Our containers alive on this engine.</summary>
    public int LiveContainers => Volatile.Read(ref liveContainers);

    /// <summary>
    /// Whether the engine is out of placement: a request to it failed to connect and, with health checks on, no ping
    /// has answered since (without them, for 2 s after the failure).
    /// </summary>
    public bool IsDown => Environment.TickCount64 < Volatile.Read(ref unreachableUntilTicks);

    /// <summary>Whether a health check loop decides when the engine is back (else a failure counts for 2 s).</summary>
    public bool HealthChecked { get; set; }

    /// <summary>Times the engine was taken out of placement.</summary>
    public long Outages => Interlocked.Read(ref outages);

    /// <summary>The most containers of ours this engine may hold, from <see cref="DockerEndpoint.MaxContainers"/>.</summary>
    public int? MaxContainers => Endpoint.MaxContainers;

    /// <summary>Our containers alive on this engine plus those being created there now (what placement weighs).</summary>
    public int Load => LiveContainers + Volatile.Read(ref placing);

    /// <summary>Whether the engine holds (or is creating) as many of our containers as it may.</summary>
    public bool AtCapacity => MaxContainers is { } max && Load >= max;

    /// <summary>Counts a creation placed here until it ends (so concurrent placements spread).</summary>
    public void Placing() => Interlocked.Increment(ref placing);

    /// <summary>Ends what <see cref="Placing"/> counted.</summary>
    public void Placed() => Interlocked.Decrement(ref placing);

    /// <summary>Whether stale containers of dead owners were reaped here already.</summary>
    public int Reaped;

    /// <summary>Takes the engine out of placement; returns whether it was in until now.</summary>
    public bool MarkUnreachable()
    {
        long until = HealthChecked ? long.MaxValue : Environment.TickCount64 + 2000;
        bool wasUp = !IsDown;
        Volatile.Write(ref unreachableUntilTicks, until);
        if (wasUp)
        {
            Interlocked.Increment(ref outages);
        }

        return wasUp;
    }

    /// <summary>Puts the engine back into placement; returns whether it was out until now.</summary>
    public bool MarkReachable()
    {
        bool wasDown = IsDown;
        Volatile.Write(ref unreachableUntilTicks, 0);
        return wasDown;
    }

    /// <summary>Asks the engine whether it answers, within <paramref name="timeout"/>.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await Client.System.PingAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    public void ContainerCreated() => Interlocked.Increment(ref liveContainers);

    public void ContainerGone() => Interlocked.Decrement(ref liveContainers);

    /// <summary>Removes a container (killing it); on failure remembers it for <see cref="RetryRemovalsAsync"/>.</summary>
    public async Task<bool> RemoveAsync(string id, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cts.Token).ConfigureAwait(false);
            pendingRemovals.TryRemove(id, out _);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            pendingRemovals.TryRemove(id, out _);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The engine may be briefly unreachable; the container must still go, so try again later.
            pendingRemovals[id] = 0;
            return false;
        }
    }

    /// <summary>Retries removals that failed earlier; returns how many are still pending.</summary>
    public async Task<int> RetryRemovalsAsync(TimeSpan timeout)
    {
        foreach (string id in pendingRemovals.Keys.ToArray())
        {
            if (!await RemoveAsync(id, timeout).ConfigureAwait(false))
            {
                break;
            }
        }

        return pendingRemovals.Count;
    }

    public bool HasPendingRemovals => !pendingRemovals.IsEmpty;

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value.Dispose();
        }
    }

    private static DockerClient Build(DockerEndpoint endpoint)
    {
        var builder = new DockerClientBuilder()
            .WithEndpoint(endpoint.Uri)
            .WithApiVersion(ApiVersion);
        if (endpoint.TlsCertificateDirectory is { } dir)
        {
            builder = builder.WithAuthProvider(DockerTlsCertificates.LoadFromDirectory(dir).CreateCredentials());
        }

        return builder.Build();
    }
}
