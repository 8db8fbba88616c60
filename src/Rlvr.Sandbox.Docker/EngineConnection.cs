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

    public EngineConnection(DockerEndpoint endpoint)
    {
        Endpoint = endpoint;
        client = new Lazy<DockerClient>(() => Build(endpoint), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DockerEndpoint Endpoint { get; }

    public DockerClient Client => client.Value;

    /// <summary>Our containers alive on this engine.</summary>
    public int LiveContainers => Volatile.Read(ref liveContainers);

    /// <summary>Whether the last request failed to connect within the last few seconds (the engine is skipped meanwhile).</summary>
    public bool RecentlyUnreachable => Environment.TickCount64 < Volatile.Read(ref unreachableUntilTicks);

    /// <summary>Whether stale containers of dead owners were reaped here already.</summary>
    public int Reaped;

    public void MarkUnreachable() => Volatile.Write(ref unreachableUntilTicks, Environment.TickCount64 + 2000);

    public void MarkReachable() => Volatile.Write(ref unreachableUntilTicks, 0);

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
