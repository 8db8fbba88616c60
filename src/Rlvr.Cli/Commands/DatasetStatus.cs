using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary>Which datasets the registered environments read, and which of them are missing on this machine.</summary>
internal static class DatasetStatus
{
    /// <summary>Every dataset of <paramref name="environments"/>, once each, by name.</summary>
    public static IReadOnlyList<DatasetSpec> All(IEnumerable<IEnvironment> environments) =>
        [.. environments.OfType<IDatasetEnvironment>().SelectMany(e => e.Datasets).DistinctBy(d => d.Name).OrderBy(d => d.Name, StringComparer.Ordinal)];

    /// <summary>The datasets of <paramref name="environment"/> that are not on this machine.</summary>
    public static IReadOnlyList<DatasetSpec> Missing(IEnvironment environment) =>
        environment is IDatasetEnvironment withData ? [.. withData.Datasets.Where(d => DataLocations.Find(d) is null)] : [];

    /// <summary>A note for an environment with missing datasets, e.g. <c>missing dataset gsm8k: rlvr data pull gsm8k</c>; null when none is missing.</summary>
    public static string? Note(IEnvironment environment)
    {
        var missing = Missing(environment);
        if (missing.Count == 0)
        {
            return null;
        }

        return "missing " + string.Join("; ", missing.Select(d => d.Repository is null
            ? $"dataset {d.Name} (local copy only: RLVR_DATA_DIR)"
            : $"dataset {d.Name}: {d.PullCommand}"));
    }
}
