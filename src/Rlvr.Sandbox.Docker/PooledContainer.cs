using Rlvr.Core.Sandboxing;

namespace Rlvr.Sandbox.Docker;

/// <summary>A started container of one spec, owned by a pool; leased to one caller at a time.</summary>
internal sealed class PooledContainer(string id, EngineConnection engine, SandboxSpec spec, HostCgroup? cgroup)
{
    private readonly HashSet<string> users = new(StringComparer.Ordinal);
    private string? anomaly;

    public string Id { get; } = id;

    public EngineConnection Engine { get; } = engine;

    public SandboxSpec Spec { get; } = spec;

    /// <summary>The container's cgroup on this host, when the engine is local.</summary>
    public HostCgroup? Cgroup { get; } = cgroup;

    /// <summary>The attached stdin of the container's PID 1: while it is open the container lives (disposed after removal).</summary>
    public IDisposable? Lifeline { get; set; }

    /// <summary>The exec agent, when the pool uses one and the image can run it.</summary>
    public Agent.ExecAgent? Agent { get; set; }

    /// <summary>Serializes commands: cleanup and the kill after a command act on every process of a user.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Leases so far.</summary>
    public int Uses { get; set; }

    /// <summary>OOM kills seen so far (the counter is cumulative per container).</summary>
    public long OomKills { get; set; }

    /// <summary>Whether a command of the current lease asked to keep its background processes.</summary>
    public bool KeptBackground { get; set; }

    /// <summary>
    /// The user whose files the previous lease left, when their removal was deferred to the next lease's first
    /// command (its processes were already killed when each command ended).
    /// </summary>
    public string? PendingCleanUser { get; set; }

    /// <summary>Why the container must not be reused; <see langword="null"/> while it is sound.</summary>
    public string? Anomaly => Volatile.Read(ref anomaly);

    /// <summary>Users that ran commands since the last cleanup (each one's processes and files are removed).</summary>
    public IReadOnlyCollection<string> Users
    {
        get
        {
            lock (users)
            {
                return users.ToArray();
            }
        }
    }

    public void MarkAnomaly(string why) => Interlocked.CompareExchange(ref anomaly, why, null);

    public void AddUser(string user)
    {
        lock (users)
        {
            users.Add(user);
        }
    }

    public void ClearUsers()
    {
        lock (users)
        {
            users.Clear();
        }
    }
}
