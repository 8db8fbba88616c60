using System.Collections.Concurrent;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>
/// Hardened Docker sandboxes from warm pools, one pool per <see cref="SandboxSpec"/>, spread over one or more
/// engines (least loaded first). Creating the provider contacts no engine; the first <see cref="AcquireAsync"/> does.
/// </summary>
/// <remarks>
/// Every container carries labels naming its owner process; on first contact with an engine, containers on this host
/// whose owner process is gone are removed. Containers of live processes are never touched. Disposing the provider
/// (or the process exiting) removes every container it created.
/// </remarks>
public sealed class DockerSandboxProvider : ISandboxProvider, IAsyncDisposable
{
    /// <summary>User of each container's PID 1 (<c>cat</c> of the owner's lifeline under docker-init): distinct from every command's user,
    /// so a command (even as root, which has no CAP_KILL here) cannot kill it and its cleanup <c>kill -9 -1</c> spares it.</summary>
    internal const string KeeperUser = "65533:65533";

    /// <summary>The seccomp profile's JSON (embedded <c>Seccomp/rlvr-seccomp.json</c>, made by scripts/make-seccomp-profile.py).</summary>
    internal static readonly Lazy<string> SeccompProfile = new(() =>
    {
        using var stream = typeof(DockerSandboxProvider).Assembly.GetManifestResourceStream("rlvr-seccomp.json")
            ?? throw new InvalidOperationException("The seccomp profile is missing from the assembly.");
        using var reader = new StreamReader(stream);
        // One line: the engine takes the profile's text inline in the security options.
        return System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(reader.ReadToEnd()).RootElement);
    });

    private readonly DockerSandboxOptions options;
    private readonly EngineConnection[] engines;
    private readonly ConcurrentDictionary<string, SandboxPool> pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PooledContainer> containers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> background = new();
    private readonly string ownerStart = ContainerLabels.CurrentStartTime();
    private readonly CancellationTokenSource stopping = new();
    private int healthLoopStarted;
    private int disposed;

    /// <summary>Creates a provider; contacts no engine until the first <see cref="AcquireAsync"/>.</summary>
    /// <param name="options">Engines, pool sizes, labels; defaults when <see langword="null"/>.</param>
    public DockerSandboxProvider(DockerSandboxOptions? options = null)
    {
        this.options = options ?? new DockerSandboxOptions();
        this.options.Pool.Validate();
        if (this.options.Endpoints.Count == 0)
        {
            throw new ArgumentException("At least one Docker endpoint is needed.", nameof(options));
        }

        bool healthChecked = this.options.HealthCheckInterval != Timeout.InfiniteTimeSpan;
        if (healthChecked && this.options.HealthCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), this.options.HealthCheckInterval, "HealthCheckInterval must be positive (or infinite).");
        }

        engines = this.options.Endpoints.Select(e => new EngineConnection(e) { HealthChecked = healthChecked }).ToArray();
        SessionId = Guid.NewGuid().ToString("N");
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The session label value on this provider's containers (<c>rlvr.session</c>).</summary>
    public string SessionId { get; }

    /// <summary>Containers of this provider alive now (idle and in use), on all engines.</summary>
    public int LiveContainers => containers.Count;

    /// <summary>Each engine as placement sees it now, in the order of <see cref="DockerSandboxOptions.Endpoints"/>.</summary>
    public IReadOnlyList<DockerEngineStatus> Engines =>
        [.. engines.Select(e => new DockerEngineStatus(e.Endpoint, !e.IsDown, e.LiveContainers, e.MaxContainers, e.Outages))];

    /// <inheritdoc/>
    public async ValueTask<ISandbox> AcquireAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        StartHealthChecks();
        return await PoolFor(spec).AcquireAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the pool of <paramref name="spec"/> and waits until its minimum of idle containers is ready.</summary>
    /// <param name="spec">The spec to warm up.</param>
    /// <param name="cancellationToken">Cancels the wait (containers already being created still are).</param>
    /// <returns>A task that completes when the pool is warm.</returns>
    /// <exception cref="SandboxException">No container could be created (engine unreachable, image missing).</exception>
    public Task WarmUpAsync(SandboxSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        StartHealthChecks();
        return PoolFor(spec).WarmUpAsync(cancellationToken);
    }

    /// <summary>Removes every container this provider created and waits for background work to finish.</summary>
    /// <returns>A task that completes when the containers are gone (or could not be removed; see the log).</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var pool in pools.Values)
        {
            await pool.CloseAsync().ConfigureAwait(false);
        }

        await WhenBackgroundIdleAsync().ConfigureAwait(false);
        await Task.WhenAll(containers.Values.ToArray().Select(DestroyContainerAsync)).ConfigureAwait(false);
        foreach (var engine in engines)
        {
            int left = engine.HasPendingRemovals ? await engine.RetryRemovalsAsync(options.RequestTimeout).ConfigureAwait(false) : 0;
            if (left > 0)
            {
                options.Logger?.LogWarning(
                    "{Count} sandbox container(s) on {Endpoint} could not be removed; the next run on this host removes them (label {Label}={Session}).",
                    left, engine.Endpoint, ContainerLabels.Session, SessionId);
            }

            engine.Dispose();
        }

        stopping.Dispose();
    }

    /// <summary>Waits for pending background creations, cleanups and removals.</summary>
    internal async Task WhenBackgroundIdleAsync()
    {
        while (!background.IsEmpty)
        {
            await Task.WhenAll(background.Keys.ToArray()).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="task"/> in the background, awaited by <see cref="DisposeAsync"/>.</summary>
    internal void Track(Task task)
    {
        background[task] = 0;
        _ = task.ContinueWith(t => background.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Creates and starts one hardened container for <paramref name="spec"/> on the least-loaded engine that is up and
    /// below its own limit; engines that are down are tried last. When every engine is at its limit, waits for room.
    /// </summary>
    internal async Task<PooledContainer> CreateContainerAsync(SandboxSpec spec, bool useAgent, CancellationToken cancellationToken)
    {
        while (true)
        {
            var candidates = PlacementOrder();
            if (candidates.Count == 0)
            {
                // Every engine holds as many of our containers as it may: one frees when a lease ends or a pool shrinks.
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                continue;
            }

            SandboxException? last = null;
            foreach (var engine in candidates)
            {
                engine.Placing();
                try
                {
                    return await CreateOnAsync(engine, spec, useAgent, cancellationToken).ConfigureAwait(false);
                }
                catch (SandboxException ex) when (ex.Reason == SandboxReasons.DockerUnreachable)
                {
                    // Another engine may answer.
                    TakeOut(engine, ex.Message);
                    last = ex;
                }
                finally
                {
                    engine.Placed();
                }
            }

            throw last ?? DockerErrors.Unreachable(engines[0].Endpoint, null);
        }
    }

    /// <summary>Whether leases of containers on <paramref name="engine"/> should still be handed out.</summary>
    internal static bool IsUsable(EngineConnection engine) => !engine.IsDown;

    /// <summary>Engines below their own limit: those that are up first, least loaded first.</summary>
    internal List<EngineConnection> PlacementOrder()
    {
        // Load is relative to each engine's own limit; engines without one count against the largest limit given.
        int scale = engines.Max(e => e.MaxContainers ?? 0) is > 0 and var largest ? largest : 1;
        return [.. engines
            .Where(e => !e.AtCapacity)
            .OrderBy(e => e.IsDown)
            .ThenBy(e => (double)e.Load / (e.MaxContainers ?? scale))
            .ThenBy(e => e.Load)];
    }

    /// <summary>Takes an engine out of placement after a failed request, logging it once per outage.</summary>
    internal void TakeOut(EngineConnection engine, string why)
    {
        if (engine.MarkUnreachable())
        {
            options.Logger?.LogWarning("Docker engine {Endpoint} taken out of placement: {Reason}", engine.Endpoint, why);
        }
    }

    private void StartHealthChecks()
    {
        if (options.HealthCheckInterval == Timeout.InfiniteTimeSpan || Interlocked.Exchange(ref healthLoopStarted, 1) != 0)
        {
            return;
        }

        Track(Task.Run(() => HealthLoopAsync(stopping.Token)));
    }

    private async Task HealthLoopAsync(CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromTicks(Math.Min(options.HealthCheckInterval.Ticks, TimeSpan.FromSeconds(5).Ticks));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(options.HealthCheckInterval, cancellationToken).ConfigureAwait(false);
                foreach (var engine in engines)
                {
                    if (await engine.PingAsync(timeout, cancellationToken).ConfigureAwait(false))
                    {
                        if (engine.MarkReachable())
                        {
                            options.Logger?.LogWarning("Docker engine {Endpoint} answers again; back in placement.", engine.Endpoint);
                        }

                        if (engine.HasPendingRemovals)
                        {
                            await engine.RetryRemovalsAsync(options.RequestTimeout).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        TakeOut(engine, $"no answer to a ping within {timeout.TotalSeconds:0.#} s");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The provider is closing.
        }
    }

    /// <summary>Removes a container (retried later if the engine does not answer now).</summary>
    internal async Task DestroyContainerAsync(PooledContainer container)
    {
        if (!containers.TryRemove(container.Id, out _))
        {
            return;
        }

        container.Agent?.Dispose();

        await container.Engine.RemoveAsync(container.Id, options.RequestTimeout).ConfigureAwait(false);
        // After the removal: closing the lifeline first would end the container on its own and race the removal.
        container.Lifeline?.Dispose();
        container.Engine.ContainerGone();
    }

    /// <summary>
    /// Attaches to the new container's stdin and keeps that connection open for the container's life: its PID 1
    /// (<c>cat</c>, see <see cref="BuildCreateParameters"/>) reads that stdin, and the engine closes it when this
    /// connection ends (<c>StdinOnce</c>). When this process dies, however abruptly, the kernel closes the connection,
    /// PID 1 reads end-of-file and exits, and the engine stops and removes the container (<c>AutoRemove</c>): no
    /// container outlives its owner waiting for the next run's reaper. A failed attach leaves a container that waits
    /// as before (PID 1 blocks on a stdin nobody closes), for the reaper.
    /// </summary>
    private async Task<IDisposable?> AttachLifelineAsync(EngineConnection engine, string id, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.Client.Containers.AttachContainerAsync(
                id,
                new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = false, Stderr = false },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            options.Logger?.LogWarning(ex, "Could not attach to sandbox container {Id} on {Endpoint}: it will not stop on its own if this process dies (the next run removes it).", id, engine.Endpoint);
            return null;
        }
    }

    /// <summary>The create parameters of a container for <paramref name="spec"/>: every hardening default applied.</summary>
    internal CreateContainerParameters BuildCreateParameters(SandboxSpec spec)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ContainerLabels.Sandbox] = "1",
            [ContainerLabels.Session] = SessionId,
            [ContainerLabels.OwnerPid] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            [ContainerLabels.OwnerStart] = ownerStart,
            [ContainerLabels.Host] = Environment.MachineName,
            [ContainerLabels.Image] = spec.Image,
        };
        foreach (var (key, value) in options.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        return new CreateContainerParameters
        {
            Image = spec.Image,
            // PID 1 under docker-init reads the stdin this process holds open (AttachLifelineAsync) and ends the
            // container when that connection closes: with this process, or when the container is removed.
            Cmd = ["cat"],
            OpenStdin = true,
            StdinOnce = true,
            AttachStdin = true,
            User = KeeperUser,
            WorkingDir = "/",
            Labels = labels,
            Env = (spec.Environment ?? new Dictionary<string, string>()).Select(p => p.Key + "=" + p.Value).ToList(),
            NetworkDisabled = !spec.NetworkEnabled,
            HostConfig = new HostConfig
            {
                // With networking on, the engine's default network applies.
                NetworkMode = spec.NetworkEnabled ? "default" : "none",
                ReadonlyRootfs = spec.ReadOnlyRootFilesystem,
                Tmpfs = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["/tmp"] = (spec.TmpfsExecutable ? "rw,exec,nosuid,nodev,mode=1777,size=" : "rw,noexec,nosuid,nodev,mode=1777,size=") + spec.TmpfsBytes.ToString(CultureInfo.InvariantCulture),
                },
                ShmSize = Math.Min(spec.TmpfsBytes, 64L * 1024 * 1024),
                CapDrop = ["ALL"],
                SecurityOpt = options.UseSeccompProfile ? ["no-new-privileges", "seccomp=" + SeccompProfile.Value] : ["no-new-privileges"],
                // Its own SysV IPC namespace, whatever the engine's default: segments and queues are this container's.
                IpcMode = "private",
                PidsLimit = spec.PidsLimit,
                Memory = spec.MemoryBytes,
                MemorySwap = spec.MemoryBytes,
                NanoCPUs = (long)(spec.Cpus * 1_000_000_000),
                Ulimits =
                [
                    new Ulimit { Name = "nofile", Soft = spec.MaxOpenFiles, Hard = spec.MaxOpenFiles },
                    new Ulimit { Name = "fsize", Soft = spec.MaxFileBytes, Hard = spec.MaxFileBytes },
                ],
                Init = true,
                // Under memory pressure on the host, sandboxes die before the processes that score them.
                OomScoreAdj = 500,
                // A container whose PID 1 ends (its owner gone) is removed by the engine itself.
                AutoRemove = true,
            },
        };
    }

    private SandboxPool PoolFor(SandboxSpec spec)
    {
        string key = SpecKey(spec);
        return pools.GetOrAdd(key, _ =>
        {
            var poolOptions = options.PoolOptionsFor?.Invoke(spec) ?? options.Pool;
            poolOptions.Validate();
            return new SandboxPool(this, spec, poolOptions, options);
        });
    }

    /// <summary>A key equal for specs that produce the same containers (records compare dictionaries by reference).</summary>
    internal static string SpecKey(SandboxSpec spec)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{spec.Image}|{spec.MemoryBytes}|{spec.Cpus:R}|{spec.PidsLimit}|{spec.TmpfsBytes}|{spec.TmpfsExecutable}|{spec.MaxFileBytes}|{spec.MaxOpenFiles}|{spec.User}|{spec.WorkingDirectory}|{spec.NetworkEnabled}|{spec.ReadOnlyRootFilesystem}");
        foreach (var (name, value) in (spec.Environment ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(name).Append('=').Append(value);
        }

        return text.ToString();
    }

    private async Task<PooledContainer> CreateOnAsync(EngineConnection engine, SandboxSpec spec, bool useAgent, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.RequestTimeout);
        string? id = null;
        try
        {
            if (options.ReapStaleContainers && Interlocked.Exchange(ref engine.Reaped, 1) == 0)
            {
                await StaleContainerReaper.ReapAsync(engine, cts.Token).ConfigureAwait(false);
            }

            if (engine.HasPendingRemovals)
            {
                await engine.RetryRemovalsAsync(options.RequestTimeout).ConfigureAwait(false);
            }

            var created = await engine.Client.Containers.CreateContainerAsync(BuildCreateParameters(spec), cts.Token).ConfigureAwait(false);
            id = created.ID;
            engine.ContainerCreated();
            // Registered before start, so a failed start still removes it.
            var placeholder = new PooledContainer(id, engine, spec, null);
            containers[id] = placeholder;
            placeholder.Lifeline = await AttachLifelineAsync(engine, id, cts.Token).ConfigureAwait(false);
            await engine.Client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cts.Token).ConfigureAwait(false);
            var container = new PooledContainer(id, engine, spec, HostCgroup.Find(id)) { Lifeline = placeholder.Lifeline };
            containers[id] = container;
            if (useAgent)
            {
                container.Agent = await Agent.ExecAgent.StartAsync(engine, id, spec, options.RequestTimeout).ConfigureAwait(false);
            }

            engine.MarkReachable();
            if (Volatile.Read(ref disposed) != 0)
            {
                // The provider closed (or the process is exiting) while this container was being made.
                await DestroyContainerAsync(container).ConfigureAwait(false);
                throw new ObjectDisposedException(nameof(DockerSandboxProvider));
            }

            return container;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ObjectDisposedException)
        {
            if (id is not null && containers.TryGetValue(id, out var half))
            {
                await DestroyContainerAsync(half).ConfigureAwait(false);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (ex is DockerImageNotFoundException
                || (ex is DockerApiException { StatusCode: System.Net.HttpStatusCode.NotFound } api
                    && api.ResponseBody?.Contains("image", StringComparison.OrdinalIgnoreCase) == true))
            {
                throw DockerErrors.ImageMissing(engine.Endpoint, spec.Image, ex);
            }

            if (ex is OperationCanceledException)
            {
                throw DockerErrors.Unreachable(engine.Endpoint, new TimeoutException($"no answer within {options.RequestTimeout.TotalSeconds:0} s", ex));
            }

            throw DockerErrors.Map(engine.Endpoint, ex, "create a sandbox container");
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        // Last chance: the process is going away. Stop creating, let creations in flight land (they remove their
        // container when they see the provider closed), then remove what this provider created. Blocking is fine here.
        Volatile.Write(ref disposed, 1);
        Task.WhenAll(background.Keys.ToArray()).Wait(TimeSpan.FromSeconds(10));
        var removals = containers.Values.ToArray()
            .Select(c => c.Engine.RemoveAsync(c.Id, TimeSpan.FromSeconds(5)))
            .ToArray();
        Task.WaitAll(removals, TimeSpan.FromSeconds(10));
    }
}
