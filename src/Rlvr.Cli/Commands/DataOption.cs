using System.CommandLine;
using Rlvr.Core;
using Rlvr.Core.Data.Datasets;

namespace Rlvr.Cli.Commands;

/// <summary><c>--data FILE</c> / <c>--data NAME=FILE</c>: read an environment's dataset from a local file.</summary>
internal static class DataOption
{
    public static Option<string[]> Create() => new("--data")
    {
        Description = "Read the environment's dataset from this JSONL or Parquet file (NAME=FILE when it reads several; repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>
    /// <c>--data</c> for several environments at once (<c>rlvr serve</c>): a bare FILE needs exactly one environment,
    /// NAME=FILE goes to the environment that reads dataset NAME.
    /// </summary>
    public static void Apply(IReadOnlyList<IEnvironment> environments, IEnumerable<string>? values)
    {
        foreach (string value in values ?? [])
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            if (environments.Count == 1)
            {
                Apply(environments[0], [value]);
                continue;
            }

            string name = eq > 0 ? value[..eq] : throw new CliException($"--data: {environments.Count} environments are served: give NAME=FILE");
            var reader = environments.FirstOrDefault(e => e is IDatasetEnvironment withData && withData.Datasets.Any(d => d.Name == name))
                ?? throw new CliException($"--data: no served environment reads a dataset '{name}'");
            Apply(reader, [value]);
        }
    }

    public static void Apply(IEnvironment environment, IEnumerable<string>? values)
    {
        var specs = environment is IDatasetEnvironment withData ? withData.Datasets : [];
        foreach (string value in values ?? [])
        {
            int eq = value.IndexOf('=', StringComparison.Ordinal);
            string? name = eq > 0 ? value[..eq] : null;
            string file = eq > 0 ? value[(eq + 1)..] : value;
            if (!File.Exists(file))
            {
                throw new CliException($"--data: file not found: {Path.GetFullPath(file)}");
            }

            DatasetSpec spec;
            if (name is null)
            {
                spec = specs.Count == 1 ? specs[0] : throw new CliException(specs.Count == 0
                    ? $"--data: environment '{environment.Name}' reads no dataset"
                    : $"--data: environment '{environment.Name}' reads {string.Join(", ", specs.Select(s => s.Name))}: give NAME=FILE");
            }
            else
            {
                spec = specs.FirstOrDefault(s => s.Name == name)
                    ?? throw new CliException($"--data: environment '{environment.Name}' reads no dataset '{name}' (it reads {string.Join(", ", specs.Select(s => s.Name).DefaultIfEmpty("none"))})");
            }

            DataLocations.UseFile(spec.Name, file);
        }
    }
}
