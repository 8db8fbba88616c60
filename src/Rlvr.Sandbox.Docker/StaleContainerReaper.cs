using System.Globalization;
using Docker.DotNet.Models;

namespace Rlvr.Sandbox.Docker;

/// <summary>Removes sandbox containers left on this host by a run whose process is gone (a crash, a kill -9).</summary>
internal static class StaleContainerReaper
{
    /// <summary>Removes stale containers on <paramref name="engine"/>; returns how many were removed.</summary>
    public static async Task<int> ReapAsync(EngineConnection engine, CancellationToken cancellationToken)
    {
        var list = await engine.Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
            {
                ["label"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [ContainerLabels.Sandbox] = true },
            },
        }, cancellationToken).ConfigureAwait(false);
        int removed = 0;
        foreach (var container in list)
        {
            if (IsStale(container.Labels))
            {
                if (await engine.RemoveAsync(container.ID, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
                {
                    removed++;
                }
            }
        }

        return removed;
    }

    /// <summary>Whether the owner recorded in <paramref name="labels"/> ran on this host and is no longer alive.</summary>
    internal static bool IsStale(IDictionary<string, string>? labels)
    {
        if (labels is null
            || !labels.TryGetValue(ContainerLabels.Host, out string? host)
            || !string.Equals(host, Environment.MachineName, StringComparison.Ordinal)
            || !labels.TryGetValue(ContainerLabels.OwnerPid, out string? pidText)
            || !int.TryParse(pidText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
            || !labels.TryGetValue(ContainerLabels.OwnerStart, out string? start))
        {
            // Not ours to judge: another host's, or labelled by something else.
            return false;
        }

        string? current = ContainerLabels.StartTimeOf(pid);
        return current is null || !string.Equals(current, start, StringComparison.Ordinal);
    }
}
