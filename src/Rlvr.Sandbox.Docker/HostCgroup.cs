using System.Globalization;

namespace Rlvr.Sandbox.Docker;

/// <summary>
/// A container's cgroup files read directly on the host, when the engine runs on this machine: OOM kills,
/// CPU time and pids-limit hits cost a file read instead of an exec.
/// </summary>
internal sealed class HostCgroup
{
    private readonly string? oomFile;
    private readonly string? cpuFile;
    private readonly bool cpuInMicroseconds;
    private readonly string? pidsEventsFile;

    private HostCgroup(string? oomFile, string? cpuFile, bool cpuInMicroseconds, string? pidsEventsFile)
    {
        this.oomFile = oomFile;
        this.cpuFile = cpuFile;
        this.cpuInMicroseconds = cpuInMicroseconds;
        this.pidsEventsFile = pidsEventsFile;
    }

    /// <summary>Finds the cgroup of <paramref name="containerId"/> on this host; <see langword="null"/> when it is not here.</summary>
    public static HostCgroup? Find(string containerId)
    {
        string v1Memory = $"/sys/fs/cgroup/memory/docker/{containerId}/memory.oom_control";
        if (File.Exists(v1Memory))
        {
            string cpu = $"/sys/fs/cgroup/cpuacct/docker/{containerId}/cpuacct.usage";
            string pids = $"/sys/fs/cgroup/pids/docker/{containerId}/pids.events";
            return new HostCgroup(v1Memory, File.Exists(cpu) ? cpu : null, false, File.Exists(pids) ? pids : null);
        }

        foreach (string dir in new[] { $"/sys/fs/cgroup/docker/{containerId}", $"/sys/fs/cgroup/system.slice/docker-{containerId}.scope" })
        {
            if (File.Exists(Path.Combine(dir, "memory.events")))
            {
                string cpu = Path.Combine(dir, "cpu.stat");
                string pids = Path.Combine(dir, "pids.events");
                return new HostCgroup(Path.Combine(dir, "memory.events"), File.Exists(cpu) ? cpu : null, true, File.Exists(pids) ? pids : null);
            }
        }

        return null;
    }

    /// <summary>OOM kills so far in the container (the <c>oom_kill</c> counter).</summary>
    public long? OomKills() => oomFile is null ? null : ReadKey(oomFile, "oom_kill");

    /// <summary>Times a fork was refused by the pids limit.</summary>
    public long? PidsLimitHits() => pidsEventsFile is null ? null : ReadKey(pidsEventsFile, "max");

    /// <summary>CPU time used by the container so far.</summary>
    public TimeSpan? CpuTime()
    {
        if (cpuFile is null)
        {
            return null;
        }

        if (cpuInMicroseconds)
        {
            return ReadKey(cpuFile, "usage_usec") is { } usec ? TimeSpan.FromMicroseconds(usec) : null;
        }

        try
        {
            return long.TryParse(File.ReadAllText(cpuFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long ns)
                ? TimeSpan.FromTicks(ns / 100)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Parses the number after <paramref name="key"/> in <c>key value</c> lines.</summary>
    public static long? ParseKey(string text, string key)
    {
        foreach (string line in text.Split('\n'))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key
                && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
            {
                return value;
            }
        }

        return null;
    }

    private static long? ReadKey(string file, string key)
    {
        try
        {
            return ParseKey(File.ReadAllText(file), key);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
